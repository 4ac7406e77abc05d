#!/bin/bash
# test_run_train_zero_f1.sh: a run whose dev F1 stays 0 says so after 3 epochs,
# with what to check (vector coverage, entity counts per set, epochs), and a
# run that learns says nothing of the kind.
set -euo pipefail
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
fail() { echo "FAIL: $*" >&2; exit 1; }
for i in $(seq 1 40); do printf 'Budi\tB-PER\nke\tO\nkota%d\tB-LOC\n\n' "$i"; done >train.bio
for i in $(seq 1 10); do printf 'ke\tO\npasar\tO\n\n'; done >dev_without_entities.bio
printf '2 4\nBudi 0.1 0.2 0.3 0.4\nke 0.4 0.3 0.2 0.1\n' >tiny.vec
config() { # config NAME DEV
  cat >"$1.json" <<JSON
{"data": {"train": "train.bio", "dev": "$2", "test": "train.bio", "vectors": "tiny.vec"},
 "model": {"type": "ner", "hidden": 8}, "train": {"seed": 1, "max_epochs": 4, "lr": 0.01},
 "output": "$1.h5"}
JSON
}
config zero dev_without_entities.bio
"$JOINTNER" train --config zero.json >zero.log
grep -q "warning: dev F1 has been 0 for 3 epochs" zero.log || { cat zero.log; fail "no warning"; }
grep -q "vectors: found for 2 of" zero.log || fail "no vector coverage in the warning"
grep -q "80 entities in train, 0 in dev" zero.log || fail "no entity counts in the warning"
grep -q "3 of at most 4 done" zero.log || fail "no epoch count in the warning"
[ "$(grep -c "^warning: dev F1" zero.log)" = 1 ] || fail "the warning should come once"
config learns train.bio
"$JOINTNER" train --config learns.json >learns.log
! grep -q "warning: dev F1" learns.log || { cat learns.log; fail "a warning for a run that learns"; }
echo ok
