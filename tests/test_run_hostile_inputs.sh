#!/usr/bin/env bash
# test_run_hostile_inputs.sh: config values and data paths that used to be
# accepted wrongly or to hang. Each must fail at once with exit 2, naming
# the config file and key.
# - "train.seed": 1.5 (it ran as seed 1, under seed 1's identity);
# - /dev/urandom as training data (read forever);
# - a folder as data ("read failed", without the key).
source "$SRC/tests/lib.sh"
printf '# label = A\nbaju\tS-PRODUCT\n\n# label = B\nmerah\tO\n\n' > good.conll
printf '1 4\nbaju 0.1 0.2 0.3 0.4\n' > good.vec
mkdir folder

config() { # config NAME TRAIN DEV [train extra]
  cat > "$1.json" <<JSON
{"data": {"train": "$2", "dev": "$3", "test": "good.conll", "vectors": "good.vec"},
 "model": {"type": "joint", "hidden": 4, "heads": 1}, "train": {"max_epochs": 1 ${4:-}}, "output": "$1.h5"}
JSON
}
expect_error() { # expect_error NAME PATTERN
  set +e
  timeout -s KILL 20 "$JOINTNER" train --config "$1.json" > "$1.out" 2> "$1.err"
  local code=$?
  set -e
  [ "$code" = 2 ] || fail "$1: exit status $code, expected 2 ($(tail -2 "$1.err"))"
  grep -qE "$2" "$1.err" || fail "$1: message '$(cat "$1.err")' does not match '$2'"
  echo "ok $1: $(cat "$1.err")"
}

config fractional_seed good.conll good.conll ', "seed": 1.5'
expect_error fractional_seed 'fractional_seed.json: "train.seed" must be a whole number'
config urandom /dev/urandom good.conll
expect_error urandom 'urandom.json: "data.train": /dev/urandom is not a regular file'
config folder_data good.conll folder
expect_error folder_data 'folder_data.json: "data.dev": .*folder is not a regular file'
config good good.conll good.conll ', "seed": 2'
"$JOINTNER" train --config good.json > good.out || fail "a whole seed is refused"
echo "test_run_hostile_inputs: all checks passed"
