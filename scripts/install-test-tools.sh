#!/usr/bin/env bash
# Installs the tools the test suite runs against (not needed to build or use recproc).
# Idempotent. Each tool appends its own step here.
set -euo pipefail
cd "$(dirname "$0")/.."
