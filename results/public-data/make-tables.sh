#!/usr/bin/env bash
# make-tables.sh: Tables 1 and 2 of the public-data reproduction from the
# run records of the two sweeps (configs/public-reproduction.json and
# configs/public-reproduction-th.json), written beside this script with
# n, std and 95% t-intervals. Run from the repository root after the sweeps.
set -euo pipefail
cd "$(dirname "$0")/../.."
merged=public-out/merged
rm -rf "$merged" && mkdir -p "$merged/runs"
for sweep in public-out/reproduction-id-vi public-out/reproduction-th; do
  for record in "$sweep"/runs/*.h5; do ln -s "$PWD/$record" "$merged/runs/"; done
done
"${JOINTNER:-build/jointner}" tables "$merged" --out results/public-data --stats
