#!/usr/bin/env bash
# Installs recproc's build and test dependencies from Debian's packages.
# Idempotent: asks apt-get for nothing when every package is already there.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libcli11-dev libspdlog-dev libfmt-dev libtbb-dev libsimdjson-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcurl4-openssl-dev libssl-dev libre2-dev zlib1g-dev libzstd-dev
  python3 python3-distributed zstd gzip time
  help2man dpkg-dev  # recproc.1 from --help; Depends of the .deb (dpkg-shlibdeps) (issue 20)
  clang-14 libclang-rt-14-dev  # make test runs the libFuzzer targets (tests/fuzz, scripts/fuzz.sh)
)
# Node.js often comes from another repository (NodeSource); only ask Debian for it when npm is absent.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
