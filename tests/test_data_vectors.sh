# test_data_vectors.sh: word vectors as the paper's runs use them.
# - a .vec.gz is read directly and gives exactly the vectors of its .vec;
# - bad vectors (nan, inf, hex floats, wrong counts, /dev/zero, a line
#   without end, broken gzip) fail with status 2 and file:line, no hang;
# - the checksum memo is used while path, size, mtime and inode match, and
#   `vectors checksum --verify` finds a file changed behind its back;
# - a run with the vectors cache is the same run as without it: same
#   config hash, bit-identical parameters and scores; a damaged cache is
#   reported and ignored; a cache that lacks a run's words is not used;
#   pre-training, which keeps its corpus's words only, likewise.
source "$SRC/tests/lib.sh"
demo_data demo
touch -d '2020-01-01' demo/id.vec # old enough for the checksum memo
gzip -n -c demo/id.vec > demo/id.vec.gz
touch -d '2020-01-01' demo/id.vec.gz

config() { # config NAME VECTORS [TRAIN]
  cat > "$1.json" <<JSON
{"data": {"train": "${3:-demo/id/train.conll}", "dev": "demo/id/dev.conll", "test": "demo/id/test.conll",
          "vectors": "$2", "language": "id"},
 "model": {"type": "joint", "attention": "none", "hidden": 16},
 "train": {"seed": 3, "max_epochs": 2}, "output": "$1.h5"}
JSON
}
same_run() { # same_run A B [same-hash]: bit-identical parameters and scores
  h5diff "$1.h5" "$2.h5" /model/params /model/params || fail "$1 and $2: parameters differ"
  [ "$(root_string "$1.h5" params_sha256)" = "$(root_string "$2.h5" params_sha256)" ] || fail "$1/$2 params_sha256"
  [ "$(final_value "$1.h5" test_f1)" = "$(final_value "$2.h5" test_f1)" ] || fail "$1 and $2: test F1 differs"
  if [ -n "${3:-}" ]; then
    [ "$(root_string "$1.h5" config_hash)" = "$(root_string "$2.h5" config_hash)" ] || fail "$1/$2: hashes differ"
  fi
  echo "ok $1 = $2"
}
train() { # train NAME CACHE_DIR
  JOINTNER_CACHE=$2 "$JOINTNER" train --config "$1.json" > "$1.log" 2> "$1.err"
}

# .vec.gz = .vec (another file, so another checksum and identity)
config plain demo/id.vec
config gz demo/id.vec.gz
train plain off
train gz off
same_run plain gz

# bad vectors, plain and gzipped
printf 'baju\tO\nmerah\tO\n\n' > good.conll
bad_config() { # bad_config NAME VECTORS
  cat > "$1.json" <<JSON
{"data": {"train": "good.conll", "dev": "good.conll", "test": "good.conll", "vectors": "$2"},
 "model": {"type": "ner"}, "train": {"max_epochs": 1}, "output": "$1.h5"}
JSON
}
expect_error() { # expect_error NAME VECTORS PATTERN
  bad_config "$1" "$2"
  set +e
  timeout 60 "$JOINTNER" train --config "$1.json" > "$1.out" 2> "$1.err"
  local code=$?
  set -e
  [ "$code" = 2 ] || fail "$1: exit status $code, expected 2 ($(head -c 300 "$1.err"))"
  grep -qE "$3" "$1.err" || fail "$1: message '$(cat "$1.err")' does not match '$3'"
  echo "ok $1: $(cat "$1.err")"
}
bad_vec() { # bad_vec NAME ROW PATTERN: the row as line 3, plain and gzipped
  printf '2 3\nbaju 0.1 0.2 0.3\n%s\n' "$2" > "$1.vec"
  gzip -n -c "$1.vec" > "$1.vec.gz"
  expect_error "$1" "$1.vec" "$1.vec:3: $3"
  expect_error "$1_gz" "$1.vec.gz" "$1.vec.gz:3: $3"
}
bad_vec nan 'merah 0.1 nan 0.3' "number 2 is 'nan', not a decimal number"
bad_vec inf 'merah 0.1 0.2 -inf' "number 3 is '-inf', not a decimal number"
bad_vec infinity 'merah Infinity 0.2 0.3' "number 1 is 'Infinity'"
bad_vec hex 'merah 0.1 0x1p3 0.3' "number 2 is '0x1p3', not a decimal number"
bad_vec junk 'merah 0.1 0.2x 0.3' "number 2 is '0.2x'"
bad_vec overflow 'merah 0.1 1e39 0.3' "number 2 \('1e39'\) is outside the range of a float"
bad_vec short 'merah 0.1 0.2' 'expected 3 numbers after the word, found 2'
bad_vec long 'merah 0.1 0.2 0.3 0.4' 'more than 3 numbers'
bad_vec no_numbers 'merah' 'expected a word and 3 numbers'
bad_vec latin1 $'m\xe9rah 0.1 0.2 0.3' 'invalid UTF-8'
expect_error dev_zero /dev/zero '"data.vectors": /dev/zero is not a regular file' # the config names the key
mkfifo fifo.vec
expect_error fifo "$WORK/fifo.vec" 'fifo.vec( is)?:? not a regular file'
{ printf '2 3\nbaju 0.1 0.2 0.3\nmerah'; head -c 300000 /dev/zero | tr '\0' ' '; } > endless.vec
expect_error endless endless.vec 'endless.vec:3: line longer than 4288 bytes'
head -c 100000 /dev/zero > zeros.vec
expect_error zeros zeros.vec "zeros.vec:1: line longer than 4096 bytes"
head -c 60 demo/id.vec.gz > truncated.vec.gz
expect_error truncated truncated.vec.gz 'truncated.vec.gz:[0-9]+: broken gzip data|truncated.vec.gz:[0-9]+: cannot read'
{ head -c 2000 demo/id.vec.gz; head -c 2000 /dev/urandom; } > corrupt.vec.gz
expect_error corrupt corrupt.vec.gz 'corrupt.vec.gz:[0-9]+: (broken gzip data|cannot read)'

# the checksum memo, and --verify
export JOINTNER_CACHE=$WORK/cache
cp -p demo/id.vec memo.vec
sum=$(sha256sum memo.vec | cut -d' ' -f1)
[ "$("$JOINTNER" vectors checksum memo.vec | cut -d' ' -f1)" = "$sum" ] || fail "checksum"
grep -q "$sum.*memo.vec" cache/checksums.tsv || fail "not remembered"
cp memo.vec fresh.vec # mtime now: too recent to remember (racy)
"$JOINTNER" vectors checksum fresh.vec > /dev/null
grep -q "fresh.vec" cache/checksums.tsv && fail "a file changed within 2 s was remembered"
"$JOINTNER" vectors checksum --verify memo.vec | grep -q verified || fail "--verify"
# change a byte behind the memo's back: same size, inode and mtime
printf 'X' | dd of=memo.vec bs=1 seek=20 conv=notrunc 2> /dev/null
touch -d '2020-01-01' memo.vec
[ "$("$JOINTNER" vectors checksum memo.vec | cut -d' ' -f1)" = "$sum" ] || fail "memo not used"
set +e
"$JOINTNER" vectors checksum --verify memo.vec > verify.out
code=$?
set -e
[ "$code" = 2 ] && grep -q CHANGED verify.out || fail "--verify missed the change ($code)"
[ "$("$JOINTNER" vectors checksum memo.vec | cut -d' ' -f1)" = "$(sha256sum memo.vec | cut -d' ' -f1)" ] ||
  fail "--verify did not remember the new checksum"
echo "ok checksum memo and --verify"

# the vectors cache: same run, bit for bit
config uncached demo/id.vec.gz
config cached demo/id.vec.gz
train uncached "$WORK/cache_none"
"$JOINTNER" vectors subset --config cached.json 2> subset.err
cat subset.err
vsum=$(sha256sum demo/id.vec.gz | cut -d' ' -f1)
[ -s "cache/vectors/$vsum.jnv" ] || fail "no cache file"
train cached "$WORK/cache"
same_run uncached cached same-hash
# the cache is what was read: a source changed behind the memo's back
# (same size, inode and mtime) is not read again
cp -p demo/id.vec.gz saved.vec.gz
size=$(stat -c %s demo/id.vec.gz)
printf 'garbage' | dd of=demo/id.vec.gz bs=1 seek=$((size / 2)) conv=notrunc 2> /dev/null
touch -d '2020-01-01' demo/id.vec.gz
config cached2 demo/id.vec.gz
train cached2 "$WORK/cache"
same_run uncached cached2 same-hash
cp -p saved.vec.gz demo/id.vec.gz
# a damaged cache is reported and ignored
printf 'X' | dd of="cache/vectors/$vsum.jnv" bs=1 seek=200 conv=notrunc 2> /dev/null
config damaged demo/id.vec.gz
train damaged "$WORK/cache"
grep -q "vectors cache ignored (checksum mismatch" damaged.err || fail "damage not reported: $(cat damaged.err)"
same_run uncached damaged same-hash
# a cache without a word of another training file is not used: the word
# has a vector in the source, the cache was not asked for it
"$JOINTNER" vectors subset --config cached.json 2> /dev/null
extra=$(awk 'NR == FNR {seen[tolower($1)] = 1; next} FNR > 1 && !(tolower($1) in seen) {print $1; exit}' \
  <(cut -f1 demo/id/*.conll) demo/id.vec)
[ -n "$extra" ] || fail "no word of the vectors outside the data"
{ cat demo/id/train.conll; printf '# label = SPORTS_OUTDOOR\n%s\tO\nbaju\tO\n\n' "$extra"; } > other_train.conll
config other_cached demo/id.vec.gz other_train.conll
config other_uncached demo/id.vec.gz other_train.conll
train other_cached "$WORK/cache"
train other_uncached "$WORK/cache_none"
same_run other_cached other_uncached same-hash
echo "ok vectors cache"

# pre-training keeps the corpus's words only, so the cache serves it too:
# with and without it the same run, bit for bit, and the cache is what
# was read (the source damaged behind the memo's back changes nothing)
head -n 600 demo/id/pretrain.tsv > pre_train.tsv
tail -n 200 demo/id/pretrain.tsv > pre_dev.tsv
pretrain_config() { # pretrain_config NAME
  cat > "$1.json" <<JSON
{"data": {"train": "pre_train.tsv", "dev": "pre_dev.tsv", "vectors": "demo/id.vec.gz"},
 "model": {"type": "pretrain", "attention": "none", "hidden": 16},
 "train": {"seed": 3, "max_epochs": 1}, "output": "$1.h5"}
JSON
}
pretrain() { # pretrain NAME CACHE_DIR
  pretrain_config "$1"
  JOINTNER_CACHE=$2 "$JOINTNER" pretrain --config "$1.json" > "$1.log" 2> "$1.err" ||
    fail "pretrain $1: $(cat "$1.err")"
}
pretrain pre_uncached "$WORK/cache_none"
JOINTNER_CACHE=$WORK/cache "$JOINTNER" vectors subset --text pre_train.tsv --text pre_dev.tsv \
  --vectors demo/id.vec.gz 2> /dev/null
size=$(stat -c %s demo/id.vec.gz)
printf 'garbage' | dd of=demo/id.vec.gz bs=1 seek=$((size / 2)) conv=notrunc 2> /dev/null
touch -d '2020-01-01' demo/id.vec.gz
pretrain pre_cached "$WORK/cache"
cp -p saved.vec.gz demo/id.vec.gz
h5diff pre_uncached.h5 pre_cached.h5 /model/params /model/params || fail "pre-training: parameters differ"
[ "$(root_string pre_uncached.h5 config_hash)" = "$(root_string pre_cached.h5 config_hash)" ] ||
  fail "pre-training: hashes differ"
echo "ok pre-training with the vectors cache"
