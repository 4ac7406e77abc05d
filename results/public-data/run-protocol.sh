#!/usr/bin/env bash
# run-protocol.sh: the reproduction at the paper's protocol
# (configs/public-reproduction-protocol.json: all of Table 1 and Table 2 in
# vi, th, id; annealing to lr < 1e-5 or 100 epochs; 10 seeds for the cells
# that carry the paper's claims, 5 for the others), under mpirun on this
# machine, seed by seed and the cheapest job first within a seed, so that a
# sweep cut short has whole seeds and as many runs as it can.
#
# Stops and resumes: SIGTERM or SIGUSR1 to mpirun checkpoints the running
# jobs (exit 75); running this script again resumes from the records. Signal
# this sweep's own mpirun (pgrep -f 'mpirun.*public-reproduction-protocol'),
# not every mpirun on the machine. To pause for a benchmark, stop it this
# way rather than with SIGSTOP: a stopped run's wall time counts the pause. Its
# records live in public-out/protocol/ (public-out/ may be a link to a
# folder outside the checkout, so that they outlive a fresh work tree). On a
# new machine, the runs committed in results/public-data/protocol/runs.tsv
# (make-tables.sh protocol) count as done and only the rest runs, and the
# committed status.log and arithmetic.tsv carry over (sweep-files.sh).
#
# Arguments go on to `jointner grid`: `run-protocol.sh --dry-run` lists every
# job's status and ends with the worker-hours spent and an estimate of those
# left, per kind of job and language; on a machine that is not kept (a
# session's), `run-protocol.sh --deadline SEC` stops at a checkpoint SEC
# seconds in and until then starts first the jobs expected to end before
# it, since a checkpoint does not outlive the machine.
#
# Before it starts, arithmetic.sh checks that the binary trains with an
# arithmetic the sweep has run on (public-out/protocol/arithmetic.tsv,
# committed by make-tables.sh): a faster kernel that sums in another order,
# or another CPU's OpenBLAS kernels, would make the rest of the runs come
# out like other seeds of the ones made so far. ARITHMETIC=new accepts it.
#
# Environment: WORKERS (default: the number of cores), JOINTNER_DATA,
# NICE (default 10), ARITHMETIC. Run from anywhere; output under
# <repo>/public-out/.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"
WORKERS=${WORKERS:-$(nproc)}
OUT=$REPO/public-out
# A run's identity includes the absolute paths of its data files and
# pre-training records. The committed runs were made with public-out a link
# to /srv/jointner-sweep (data in /srv/jointner-sweep/data, records in
# /srv/jointner-sweep/protocol), so a new checkout links it there too; where
# public-out is another folder, the grid is told where the runs were made
# (--moved) and counts them by the ids their jobs had there.
SWEEP_HOME=/srv/jointner-sweep
if [ ! -e "$OUT" ] && [ ! -L "$OUT" ]; then
  mkdir -p "$SWEEP_HOME"
  ln -s "$SWEEP_HOME" "$OUT"
  echo "run-protocol.sh: public-out -> $SWEEP_HOME, where the committed runs were made"
fi
mkdir -p "$OUT"
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$(nproc)" --target jointner > /dev/null
# the sweep runs a copy, so that rebuilding the checkout never changes the
# binary of a running sweep (records name the commit it was built from)
mkdir -p "$OUT/bin"
cp build/jointner "$OUT/bin/jointner.new" && mv "$OUT/bin/jointner.new" "$OUT/bin/jointner"
if [ ! -f "$OUT/data/vi/sha256sums.txt" ] || [ ! -f "$OUT/data/th/sha256sums.txt" ] ||
   [ ! -f "$OUT/data/id/sha256sums.txt" ]; then
  JOINTNER="$OUT/bin/jointner" bash results/public-data/prepare.sh "$OUT/data"
fi
# on a new machine the committed arithmetic.tsv and status.log carry over
# (sweep-files.sh): the first is the reference of the check below, the
# second the time already spent, which the time report counts
bash results/public-data/sweep-files.sh restore results/public-data/protocol "$OUT/protocol"
# OpenBLAS picks its kernels by CPU model, and on a model it does not know
# (0.3.21 on an Emerald Rapids VM, family 6 model 207) it falls back to its
# generic Prescott kernels: slower, and another arithmetic. Unless
# OPENBLAS_CORETYPE is set, the sweep asks for the kernels its last
# arithmetic was made with; the check below still decides.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -s "$OUT/protocol/arithmetic.tsv" ]; then
  core=$(tail -n 1 "$OUT/protocol/arithmetic.tsv" | cut -f3 | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^MAX_THREADS=/) print $(i - 1) }')
  # kernels this CPU cannot run would die of an illegal instruction: then
  # OpenBLAS picks its own, and the check below says what that means
  case $core in
    SkylakeX | Cooperlake | SapphireRapids) needs=avx512f ;;
    Haswell | Zen) needs=avx2 ;;
    *) needs= ;;
  esac
  if [[ ! $core =~ ^[A-Za-z0-9]+$ ]]; then
    echo "run-protocol.sh: $OUT/protocol/arithmetic.tsv: its last line names no OpenBLAS kernels; OpenBLAS picks its own"
  elif [ -n "$needs" ] && ! grep -qw "$needs" /proc/cpuinfo; then
    echo "run-protocol.sh: the sweep's last arithmetic ran on OpenBLAS's $core kernels, which need $needs; this CPU has none, so OpenBLAS picks its own kernels"
  else
    export OPENBLAS_CORETYPE=$core
    echo "run-protocol.sh: OPENBLAS_CORETYPE=$core, the kernels of the sweep's last arithmetic"
  fi
fi
# the binary's arithmetic must be one the sweep has run on (arithmetic.sh;
# ARITHMETIC=new accepts a new one)
bash results/public-data/arithmetic.sh "$OUT/bin/jointner" "$OUT/data/vi" "$OUT/protocol/arithmetic.tsv"
# the committed runs count as done: on a new machine only the rest runs
COMPLETED=()
[ -f results/public-data/protocol/runs.tsv ] &&
  COMPLETED=(--completed "$REPO/results/public-data/protocol/runs.tsv")
HERE=$(realpath "$OUT")
if [ ${#COMPLETED[@]} -gt 0 ] && [ "$HERE" != "$SWEEP_HOME" ]; then
  COMPLETED+=(--moved "$SWEEP_HOME=$HERE")
  echo "run-protocol.sh: the committed runs were made under $SWEEP_HOME, here $HERE (--moved)"
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
exec nice -n "${NICE:-10}" mpirun --oversubscribe -np $((WORKERS + 1)) "$OUT/bin/jointner" grid \
  --config configs/public-reproduction-protocol.json --by-seed --shortest-first "${COMPLETED[@]}" "$@"
