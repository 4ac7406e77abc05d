#!/usr/bin/env bash
# test_fuzz.sh: the short bounded fuzzing run: every target of tests/fuzz
# for 3 s on its seed corpus (tests/fuzz/run.sh; about a minute, plus the
# clang build the first time). The long run is documented in
# tests/fuzz/README.md.
source "$SRC/tests/lib.sh"
FUZZ_BUILD="$(dirname "$WORK")/build-fuzz" bash "$SRC/tests/fuzz/run.sh" 3
