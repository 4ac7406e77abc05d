#!/usr/bin/env bash
# make-tables.sh: the reproduction's tables, written beside this script.
#
#   make-tables.sh            the protocol sweep (run-protocol.sh):
#                             results/public-data/protocol/ from the records
#                             in public-out/protocol/ plus the runs committed
#                             in protocol/runs.tsv that have no record here
#                             (a sweep continued across machines), and
#                             copies of the sweep's arithmetic.tsv and
#                             status.log
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
  # the arithmetics the sweep has run on and its status.log (sweep-files.sh)
  bash results/public-data/sweep-files.sh commit public-out/protocol "$OUT"
fi
