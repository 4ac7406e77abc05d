#!/usr/bin/env bash
# run.sh [SECONDS] [TARGET...]: installs clang and libFuzzer if missing,
# builds the fuzz targets (CC=clang, -DJN_FUZZ=ON, ASan + UBSan) in
# $FUZZ_BUILD (default build-fuzz) and runs each TARGET (default: all) for
# SECONDS (default 3) on a copy of its seed corpus tests/fuzz/corpus/NAME.
# Prints one line per target: inputs tried, new corpus size, findings.
#
# Any crash, sanitizer report, hang (-timeout 10 s) or exit status other
# than a clean rejection (exit 2, see fuzz_common.h) fails the run, with
# the input kept under $FUZZ_BUILD/findings/. The one exception is
# fuzz_run_record, which reads records in-process with libhdf5, known to
# loop or crash on some corrupt files: it runs in libFuzzer's fork mode,
# keeps going past such findings, and every finding is then replayed
# through fuzz_record_load (record_load, the watched child that every
# command uses), which must survive it. fuzz_record_load itself must never
# fail; the crashes of libhdf5 in its watched child are written to
# findings/ too (the child inherits libFuzzer's crash handler) and counted
# as such.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-3}
shift || true
bash scripts/install-deps.sh --fuzz
tree=$(pwd)
build=$(realpath -m "${FUZZ_BUILD:-build-fuzz}")
CC=clang cmake -S . -B "$build" -DJN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" -j"$(nproc)" > "$build/build.log" 2>&1 || { tail -30 "$build/build.log"; exit 1; }
bin=$build/tests/fuzz
cd "$build" # sanitizer reports of the targets' children land here (.PID files)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(ls "$tree/tests/fuzz/corpus")
# A request for more memory than there is returns NULL, as glibc's malloc
# does, and jn_malloc then stops with exit 2 ("out of memory"): so no
# allocation limit (libFuzzer's rss and malloc limits are off, 0).
export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TMPDIR=$build/tmp # the targets' input files (fuzz_common.c)
rm -rf "$TMPDIR"
mkdir -p "$build/findings" "$TMPDIR"
failed=0
printf '%-30s %10s %8s  %s\n' target inputs corpus findings
for name in "${targets[@]}"; do
  work=$build/corpus/$name
  mkdir -p "$work"
  cp "$tree/tests/fuzz/corpus/$name"/* "$work"/
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=0 -close_fd_mask=3
           -artifact_prefix="$build/findings/$name-" -print_final_stats=1)
  [ "$name" = run_record ] && options+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  before=$(ls "$build/findings" | grep -c "^$name-" || true)
  set +e
  "$bin/fuzz_$name" "${options[@]}" "$work" > "$build/fuzz_$name.log" 2>&1
  status=$?
  set -e
  inputs=$(awk '/stat::number_of_executed_units:/ {n += $2} END {print n + 0}' "$build/fuzz_$name.log")
  if [ "$name" = run_record ]; then # fork mode: the jobs' totals
    inputs=$(sed -n 's/^#\([0-9]*\):.*/\1/p' "$build/fuzz_$name.log" | tail -1)
  fi
  found=$(( $(ls "$build/findings" | grep -c "^$name-" || true) - before ))
  if [ "$name" = run_record ]; then
    note="$found in libhdf5"
    if [ "$found" -gt 0 ]; then
      mapfile -t new < <(ls -t "$build/findings" | grep "^$name-" | head -"$found")
      if (cd "$build/findings" && "../tests/fuzz/fuzz_record_load" "${new[@]}") > "$build/replay.log" 2>&1; then
        note+=", all survived by record_load"
      else
        note+=", NOT survived by record_load (see $build/replay.log)"
        failed=1
      fi
    fi
  elif [ "$name" = record_load ]; then # libFuzzer's handler, inherited, reports the child's crashes
    note="$found in libhdf5 in the watched child"
    [ $status -eq 0 ] || { note+="; the target itself failed (exit $status; see $build/fuzz_$name.log)"; failed=1; }
  else
    note=$found
    if [ $status -ne 0 ] || [ "$found" -gt 0 ]; then
      note+=" (exit $status; see $build/fuzz_$name.log and $build/findings/$name-*)"
      failed=1
    fi
  fi
  printf '%-30s %10s %8s  %s\n' "fuzz_$name" "${inputs:-?}" "$(ls "$work" | wc -l)" "$note"
done
exit $failed
