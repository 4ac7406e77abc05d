#!/usr/bin/env bash
# run.sh: the test suite from a fresh Debian 12 machine: installs what it
# needs, builds with AddressSanitizer and UBSan, runs ctest. Tests that need
# ../shared/data (or $JOINTNER_DATA) skip loudly when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --tests
cmake -S . -B build-asan -DJN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug > /dev/null
cmake --build build-asan -j"$(nproc)"
cd build-asan
ctest --output-on-failure --timeout 900 "$@"
