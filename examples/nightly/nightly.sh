#!/usr/bin/env bash
# A cron job around job.json: cleanse, then ship the cleansed layer to Azure Blob Storage.
#   15 2 * * * /opt/recproc/examples/nightly/nightly.sh >>/var/log/recproc-nightly.log 2>&1
# Secrets come from the environment, never from flags (which `ps` shows):
# AZURE_STORAGE_CONNECTION_STRING for the upload, RECPROC_ALERT_WEBHOOK for the chat alert.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p cleansed quarantine reports
day=$(date -u +%F)
recproc run --pipeline job.json -q \
  --upload "azblob://cleansed/syslog/$day/syslog.ndjson.zst" --upload-rejects
