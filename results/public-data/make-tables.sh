#!/usr/bin/env bash
# make-tables.sh: the reproduction's tables, written beside this script.
#
#   make-tables.sh            the protocol sweep (run-protocol.sh):
#                             results/public-data/protocol/ from the records
#                             in public-out/protocol/ plus the runs committed
#                             in protocol/runs.tsv that have no record here
#                             (a sweep continued across machines), and
#                             a copy of the sweep's arithmetic.tsv
#   make-tables.sh --from     the same tables from protocol/runs.tsv alone
#
# Both set the paper's published cells beside ours (../shared/paper/) and
# write n, std and 95% t-intervals. Run from anywhere; JOINTNER names the
# binary (default build/jointner).
set -euo pipefail
cd "$(dirname "$0")/../.."
J=${JOINTNER:-build/jointner}
OUT=results/public-data/protocol
PAPER=${JOINTNER_PAPER:-../shared/paper/tables.csv}
mkdir -p "$OUT"
if [ "${1:-}" = --from ]; then
  "$J" tables --from "$OUT/runs.tsv" --out "$OUT" --stats --paper "$PAPER"
else
  WITH=()
  [ -f "$OUT/runs.tsv" ] && WITH=(--with "$OUT/runs.tsv")
  "$J" tables public-out/protocol "${WITH[@]}" --out "$OUT" --stats --paper "$PAPER"
  # the arithmetics the sweep has run on (run-protocol.sh, arithmetic.sh)
  if [ -f public-out/protocol/arithmetic.tsv ]; then
    if [ -e "$OUT/arithmetic.tsv" ] && { [ -L "$OUT/arithmetic.tsv" ] || [ ! -f "$OUT/arithmetic.tsv" ]; }; then
      echo "make-tables.sh: $OUT/arithmetic.tsv is not a regular file; not replaced" >&2
      exit 1
    fi
    cp public-out/protocol/arithmetic.tsv "$OUT/arithmetic.tsv.new" && mv "$OUT/arithmetic.tsv.new" "$OUT/arithmetic.tsv"
  fi
fi
