#!/usr/bin/env bash
# make-tables.sh: Tables 1 and 2 of the public-data reproduction from the
# run records of the four sweeps (configs/public-reproduction.json,
# configs/public-reproduction-th.json, configs/public-reproduction-augment.json
# and configs/public-reproduction-augment-th-vi.json), written beside this
# script with n, std and 95% t-intervals. Run from the repository root after the sweeps.
set -euo pipefail
shopt -s nullglob # a sweep with no records yet adds none
cd "$(dirname "$0")/../.."
merged=public-out/merged
rm -rf "$merged" && mkdir -p "$merged/runs"
for sweep in public-out/reproduction-id-vi public-out/reproduction-th public-out/reproduction-augment \
  public-out/reproduction-augment-th-vi; do
  for record in "$sweep"/runs/*.h5; do ln -s "$PWD/$record" "$merged/runs/"; done
done
"${JOINTNER:-build/jointner}" tables "$merged" --out results/public-data --stats
# id at the paper's 100-epoch cap (configs/public-reproduction-id-100epochs.json)
# is tabled apart, so that its cells never mix with the 25-epoch runs.
hundred=public-out/reproduction-id-100epochs
if [ -n "$(echo "$hundred"/runs/*.h5)" ]; then
  mkdir -p results/public-data/id-100-epochs
  "${JOINTNER:-build/jointner}" tables "$hundred" --out results/public-data/id-100-epochs --stats
  rm -f results/public-data/id-100-epochs/table2.* # that sweep has no Table 2 runs
fi
