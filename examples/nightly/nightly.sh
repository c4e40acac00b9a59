#!/usr/bin/env bash
# A cron job around job.json: cleanse, then ship the cleansed layer to Azure Blob Storage.
#   15 2 * * * /opt/recproc/examples/nightly/nightly.sh >>/var/log/recproc-nightly.log 2>&1
# Credentials come from the environment (AZURE_STORAGE_CONNECTION_STRING), never from flags.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p cleansed quarantine reports
day=$(date -u +%F)
recproc run --pipeline job.json -q \
  --upload "azblob://cleansed/syslog/$day/syslog.ndjson.zst" --upload-rejects \
  --alert-webhook "${RECPROC_ALERT_WEBHOOK:-}" ${RECPROC_ALERT_WEBHOOK:+--alert-on failure}
