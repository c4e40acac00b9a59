#!/usr/bin/env bash
# Installs the tools the test suite runs against (not needed to build or use recproc).
# Idempotent. Each tool appends its own step here.
set -euo pipefail
cd "$(dirname "$0")/.."

# The progress bar test drives recproc in a terminal (tests/tty, issue 20); man renders the
# packaged page (tests/package).
missing=()
for tool in tmux:tmux man:man-db; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-test-tools: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Azure Blob Storage (issue 6): the Azurite emulator the azure tests run against, and Microsoft's
# JavaScript client for the independent read-back, pinned, into .tools/ (git-ignored).
# azurite 3.35.0 is the newest that still runs on Node 20 (3.36 wants 21, 3.37 wants 22).
azurite_version=3.35.0
storage_blob_version=12.29.1
installed_version() {
  node -p "require('./.tools/node_modules/$1/package.json').version" 2>/dev/null || true
}
if [ "$(installed_version azurite)" != "$azurite_version" ] ||
   [ "$(installed_version @azure/storage-blob)" != "$storage_blob_version" ]; then
  echo "install-test-tools: installing azurite@$azurite_version and @azure/storage-blob@$storage_blob_version into .tools/" >&2
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error \
    "azurite@$azurite_version" "@azure/storage-blob@$storage_blob_version"
fi

# HTML report (issue 20): tests/report/html_chromium_test.sh renders the page in headless
# Chromium from Debian's package (it skips when Chromium is absent).
if ! command -v chromium >/dev/null 2>&1; then
  echo "install-test-tools: installing chromium" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium
fi
