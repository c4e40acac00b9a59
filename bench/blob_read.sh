#!/usr/bin/env bash
# Read throughput from Azurite (issue 15): `recproc run azblob://...` against the same run over
# the local file, peak RSS of blob runs of two sizes (it should not grow with the blob), and
# `recproc download` against @azure/storage-blob's downloadToFile. Azurite keeps blobs on disk
# in a fresh directory under /tmp; everything is 127.0.0.1. Uploads are not timed.
#   bash bench/blob_read.sh BUILD_DIR [BYTES] [SMALL_BYTES]   (default 1 GB and 100 MB)
# Wall seconds and peak RSS come from /usr/bin/time -f '%e %M'.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
BYTES=${2:-1000000000}
SMALL=${3:-100000000}
RECPROC=$BUILD/recproc
TOOLS=$ROOT/.tools
export NODE_PATH=$TOOLS/node_modules
DATA=$ROOT/bench/data
OUT=$(mktemp -d /tmp/recproc-blobread.XXXXXX)
mkdir -p "$DATA"
for b in "$BYTES" "$SMALL"; do
  [[ -s $DATA/blob-$b.ndjson ]] || "$BUILD/gen_syslog" --seed 42 --bytes "$b" -o "$DATA/blob-$b.ndjson"
done
BIG=$DATA/blob-$BYTES.ndjson

bash "$ROOT/tests/azure/start_azurite.sh" "$OUT/azurite" "$TOOLS" >/dev/null
trap 'bash "$ROOT/tests/azure/stop_azurite.sh" "$OUT/azurite" >/dev/null 2>&1; rm -rf "$OUT"' EXIT
ENDPOINT=$(cat "$OUT/azurite/endpoint")
KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=$ENDPOINT;"
"$RECPROC" upload -q "$BIG" "$DATA/blob-$SMALL.ndjson" azblob://bench/ >/dev/null

# timed LABEL BYTES CMD...: one table row, "| LABEL | wall s | MB/s | peak RSS MiB |".
timed() {
  local label=$1 bytes=$2
  shift 2
  /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" >/dev/null
  read -r wall rss <"$OUT/time"
  awk -v l="$label" -v b="$bytes" -v s="$wall" -v r="$rss" \
    'BEGIN { printf "| %s | %.2f | %.0f | %.0f |\n", l, s, b / 1e6 / s, r / 1024 }'
}

echo "| job | wall s | MB/s | peak RSS MiB |"
echo "|---|---|---|---|"
timed "recproc run FILE -o FILE ($BYTES bytes)" "$BYTES" \
  "$RECPROC" run -q "$BIG" -o "$OUT/local.ndjson"
timed "recproc run azblob:// -o FILE ($BYTES bytes)" "$BYTES" \
  "$RECPROC" run -q "azblob://bench/blob-$BYTES.ndjson" -o "$OUT/blob.ndjson"
cmp -s "$OUT/local.ndjson" "$OUT/blob.ndjson" || { echo "blob run differs from local run" >&2; exit 1; }
rm -f "$OUT/local.ndjson" "$OUT/blob.ndjson"
timed "recproc run azblob:// -o FILE ($SMALL bytes)" "$SMALL" \
  "$RECPROC" run -q "azblob://bench/blob-$SMALL.ndjson" -o "$OUT/small.ndjson"
rm -f "$OUT/small.ndjson"
timed "recproc download ($BYTES bytes)" "$BYTES" \
  "$RECPROC" download -q "azblob://bench/blob-$BYTES.ndjson" "$OUT/recproc.ndjson"
cmp -s "$BIG" "$OUT/recproc.ndjson" || { echo "download differs from the file" >&2; exit 1; }
rm -f "$OUT/recproc.ndjson"
timed "recproc download ($SMALL bytes)" "$SMALL" \
  "$RECPROC" download -q "azblob://bench/blob-$SMALL.ndjson" "$OUT/small.ndjson"
rm -f "$OUT/small.ndjson"
timed "@azure/storage-blob downloadToFile ($BYTES bytes)" "$BYTES" node -e '
const blob = require("@azure/storage-blob");
const c = blob.BlobServiceClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING)
  .getContainerClient("bench").getBlobClient(process.argv[1]);
c.downloadToFile(process.argv[2]).catch((e) => { console.error(e.message); process.exit(1); });' \
  "blob-$BYTES.ndjson" "$OUT/node.ndjson"
cmp -s "$BIG" "$OUT/node.ndjson" || { echo "node download differs from the file" >&2; exit 1; }
