#!/usr/bin/env bash
# `slurm status --config` and the time a SLURM sweep has spent, worked by
# hand. No cluster: squeue and sacct are stand-ins on PATH that print what
# a real sacct -D prints for this history (and log how they were called).
# A grid of 3 runs (id, NER-only, none, seeds 1-3) trains in one process;
# runs 1 and 2 complete, run 3's record is removed (pending). Then:
#   run 1: one attempt, 100 s (its steps 101_0.batch and 101_0.0 are not
#          counted again);
#   run 2: requeued after 30 s, then 90 s: 2 attempts, 120 s;
#   run 3: cancelled after 40 s in an earlier submission (job 90, in
#          slurm/earlier/), then requeued after 20 s and now running for
#          10 s: 3 attempts, 70 s.
# Hours spent (100 + 120 + 70) / 3600 = 0.08; the rate is run 1's alone
# (the only job done in one attempt): 100 s / its cost; run 3's hours left
# are that rate x its cost, less nothing (it has no checkpoint). Run 3's
# state is its last attempt's ("running", not "requeued"), and sacct is
# asked once, with -D, ElapsedRaw and the earlier submission's job id.
source "$SRC/tests/lib.sh"
source "$SRC/tests/test_grid_helpers.bash"
need fasttext "the Debian package is needed for jointner embed"

tiny_data data
write_grid grid.json results '["NER-only"]' '["none"]' 3 false 1
R=$WORK/results
"$JOINTNER" grid --config grid.json >grid.out 2>grid.err || { cat grid.err; fail "grid"; }
mapfile -t ids < <(job_ids "$R")
[ "${#ids[@]}" = 3 ] || fail "expected 3 jobs, got ${#ids[@]}"
rm "$R/runs/${ids[2]}.h5"

mkdir -p "$R/slurm/earlier/20261130T000000Z"
run() { printf '"%s": {"kind": "train", "language": "id", "row": "NER-only", "attention": "none", "seed": %d, "record": "%s"}' "$1" "$2" "$R/runs/$1.h5"; }
cat >"$R/slurm/submitted.json" <<JSON
{"submitted": "2026-11-30T01:00:00Z", "jobs": [
  {"name": "train-id-0", "kind": "train", "job_id": "101", "runs": ["${ids[0]}", "${ids[1]}", "${ids[2]}"]}],
 "runs": {$(run "${ids[0]}" 1), $(run "${ids[1]}" 2), $(run "${ids[2]}" 3)}}
JSON
cat >"$R/slurm/earlier/20261130T000000Z/submitted.json" <<JSON
{"submitted": "2026-11-30T00:00:00Z", "jobs": [
  {"name": "train-id-0", "kind": "train", "job_id": "90", "runs": ["${ids[2]}"]}],
 "runs": {}}
JSON

mkdir -p bin
cat >bin/squeue <<EOF
#!/bin/sh
echo "squeue \$*" >>"$WORK/calls.log"
EOF
cat >bin/sacct <<EOF
#!/bin/sh
echo "sacct \$*" >>"$WORK/calls.log"
cat <<'OUT'
90_0|CANCELLED by 0|0:15|40
101_0|COMPLETED|0:0|100
101_0.batch|COMPLETED|0:0|100
101_0.0|COMPLETED|0:0|99
101_1|REQUEUED|0:0|30
101_1|COMPLETED|0:0|90
101_2|REQUEUED|0:0|20
101_2|RUNNING|0:0|10
OUT
EOF
chmod +x bin/squeue bin/sacct

: >calls.log
PATH=$WORK/bin:$PATH "$JOINTNER" slurm status --config grid.json >status.txt && fail "status: exit 0 with a run not done"
cat status.txt
grep -q '3 runs: 2 done 1 running' status.txt || fail "status counts: $(head -1 status.txt)"
grep -Eq "^running +101_2 +running " status.txt || fail "run 3 is not shown running (its last attempt)"
[ "$(grep -c '^sacct' calls.log)" = 1 ] || fail "sacct called $(grep -c '^sacct' calls.log) times"
grep -q '^sacct .*-D .*-j 101,90 .*ElapsedRaw' calls.log || fail "sacct call: $(grep '^sacct' calls.log)"

cost() { /usr/bin/python3 -c "import json,sys; print(next(j['cost'] for j in json.load(open(sys.argv[1]))['jobs'] if j['id'] == sys.argv[2]))" "$R/plan.json" "$1"; }
c1=$(cost "${ids[0]}") c3=$(cost "${ids[2]}")
rate=$(awk -v c="$c1" 'BEGIN { printf "%.1f", 100 / c * 1e6 }')
left=$(awk -v c1="$c1" -v c3="$c3" 'BEGIN { printf "%.2f", 100 / c1 * c3 / 3600 }')
expected=$(printf 'train     id        2      1         0.08  %11s  %10s' "$rate" "$left")
grep -qxF "$expected" status.txt || fail "time report: expected \"$expected\""
grep -q '^hours spent: the elapsed time of every attempt in sacct' status.txt || fail "time report note"

# without the grid there is no plan, so no time report
PATH=$WORK/bin:$PATH "$JOINTNER" slurm status "$R" >status-dir.txt || true
grep -q '3 runs: 2 done 1 running' status-dir.txt || fail "status RESULTS: $(head -1 status-dir.txt)"
grep -q 'hours spent' status-dir.txt && fail "status RESULTS printed a time report without the grid"
echo PASS
