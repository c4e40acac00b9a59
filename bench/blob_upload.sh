#!/usr/bin/env bash
# Upload throughput to Azurite (issue 15): `recproc upload` against @azure/storage-blob's
# uploadFile on the same file, and `recproc run -o azblob://` against the same run to a local
# file. Azurite keeps blobs on disk in a fresh directory under /tmp; everything is 127.0.0.1.
#   bash bench/blob_upload.sh BUILD_DIR [BYTES]    (default 1 GB of syslog NDJSON)
# Each timing includes the final commit and, for recproc, the HEAD that checks size and MD5.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
BYTES=${2:-1000000000}
RECPROC=$BUILD/recproc
TOOLS=$ROOT/.tools
export NODE_PATH=$TOOLS/node_modules
DATA=$ROOT/bench/data
OUT=$(mktemp -d /tmp/recproc-blobbench.XXXXXX)
mkdir -p "$DATA"
IN=$DATA/blob-$BYTES.ndjson
[[ -s $IN ]] || "$BUILD/gen_syslog" --seed 42 --bytes "$BYTES" -o "$IN"

bash "$ROOT/tests/azure/start_azurite.sh" "$OUT/azurite" "$TOOLS" >/dev/null
trap 'bash "$ROOT/tests/azure/stop_azurite.sh" "$OUT/azurite" >/dev/null 2>&1; rm -rf "$OUT"' EXIT
ENDPOINT=$(cat "$OUT/azurite/endpoint")
KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=$ENDPOINT;"

seconds() { local ms=$(( ($(date +%s%N) - $1) / 1000000 )); printf '%d.%03d' $((ms / 1000)) $((ms % 1000)); }
mbs() { awk -v b="$BYTES" -v s="$1" 'BEGIN { printf "%.0f", b / 1e6 / s }'; }

t0=$(date +%s%N)
"$RECPROC" upload -q "$IN" azblob://bench/recproc.ndjson >/dev/null
up=$(seconds "$t0")

t0=$(date +%s%N)
node -e '
const blob = require("@azure/storage-blob");
const c = blob.BlobServiceClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING)
  .getContainerClient("bench").getBlockBlobClient("node.ndjson");
c.uploadFile(process.argv[1], { blockSize: 8 * 1024 * 1024, concurrency: 5 })
  .catch((e) => { console.error(e.message); process.exit(1); });' "$IN"
node_up=$(seconds "$t0")

t0=$(date +%s%N)
"$RECPROC" run -q "$IN" -o "$OUT/local.ndjson"
local_run=$(seconds "$t0")
rm -f "$OUT/local.ndjson"

t0=$(date +%s%N)
"$RECPROC" run -q "$IN" -o azblob://bench/run.ndjson
blob_run=$(seconds "$t0")

echo "| job | wall s | MB/s |"
echo "|---|---|---|"
echo "| recproc upload | $up | $(mbs "$up") |"
echo "| @azure/storage-blob uploadFile (8 MiB blocks, concurrency 5) | $node_up | $(mbs "$node_up") |"
echo "| recproc run -o local file | $local_run | $(mbs "$local_run") |"
echo "| recproc run -o azblob:// | $blob_run | $(mbs "$blob_run") |"
