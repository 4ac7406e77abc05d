#!/usr/bin/env bash
# install-deps.sh: the Debian 12 packages jointner builds and runs with
# (run as root; quick when they are already there). With --tests also the
# test-only ones: HDF5 tools (h5diff, h5dump), strace (a test delays a
# system call with it) and python3-torch for the PyTorch reference; with --fuzz clang and libFuzzer (tests/fuzz).
set -euo pipefail
packages=(build-essential cmake pkg-config libopenmpi-dev openmpi-bin libopenblas-dev libhdf5-dev
          hdf5-tools libcjson-dev libicu-dev zlib1g-dev libssl-dev fasttext unzip)
for option in "$@"; do
  case $option in
    --tests) packages+=(python3-torch strace) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;; # libFuzzer, for tests/fuzz
    *) echo "usage: install-deps.sh [--tests] [--fuzz]" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" > /tmp/jointner-apt.log 2>&1 ||
    { tail -20 /tmp/jointner-apt.log; exit 1; }
fi
