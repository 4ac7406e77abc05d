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
