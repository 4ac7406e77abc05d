# test_cli_bad_input.sh: every kind of bad input gives exit status 2 and a
# message naming the file (and line where there is one) and what is wrong;
# never a crash, a hang or silently dropped data.
source "$SRC/tests/lib.sh"
demo_data demo
awk 'BEGIN {RS = ""; ORS = "\n\n"} NR <= 3' demo/id/train.conll > good.conll
printf '3 4\nbaju 0.1 0.2 0.3 0.4\nmerah 0.5 0.6 0.7 0.8\nnike 1 2 3 4\n' > good.vec

config() { # config NAME TRAIN VECTORS [model extra]
  cat > "$1.json" <<JSON
{"data": {"train": "$2", "dev": "good.conll", "test": "good.conll", "vectors": "$3"},
 "model": {"type": "joint" ${4:-}}, "train": {"max_epochs": 1}, "output": "$1.h5"}
JSON
}
# expect_error NAME PATTERN: training with NAME.json fails with status 2 and PATTERN
expect_error() {
  set +e
  "$JOINTNER" train --config "$1.json" > "$1.out" 2> "$1.err"
  local code=$?
  set -e
  [ "$code" = 2 ] || fail "$1: exit status $code, expected 2 ($(cat "$1.err"))"
  grep -qE "$2" "$1.err" || fail "$1: message '$(cat "$1.err")' does not match '$2'"
  echo "ok $1: $(cat "$1.err")"
}

printf 'baju\tO\nmerah\n\n' > missing_column.conll
config missing_column missing_column.conll good.vec
expect_error missing_column 'missing_column.conll:2: expected at least 2 columns'

printf 'baju\tO\nmerah\tX-COLOR\n\n' > unknown_tag.conll
config unknown_tag unknown_tag.conll good.vec
expect_error unknown_tag "unknown_tag.conll:2: unknown tag 'X-COLOR'"

printf 'baju\tS-PRODUCT\nmerah\tI-COLOR\n\n' > bad_sequence.conll
config bad_sequence bad_sequence.conll good.vec
expect_error bad_sequence "bad_sequence.conll:2: invalid tag sequence: 'I-COLOR' after 'S-PRODUCT'"

printf 'baju\tB-PRODUCT\nmerah\tO\n\n' > bad_iobes.conll
printf 'x\tS-A\n\n' >> bad_iobes.conll
config bad_iobes bad_iobes.conll good.vec
expect_error bad_iobes "bad_iobes.conll:2: invalid tag sequence: 'O' after 'B-PRODUCT' \(IOBES\)"

: > empty.conll
config empty empty.conll good.vec
expect_error empty 'empty.conll: no sentences'

printf 'baju\tO\nme\xffrah\tO\n\n' > latin1.conll
config latin1 latin1.conll good.vec
expect_error latin1 'latin1.conll:2: invalid UTF-8'

printf '3 4\nbaju 0.1 0.2 0.3\n' > short.vec
config short_vector good.conll short.vec
expect_error short_vector 'short.vec:2: expected 4 numbers after the word, found 3'

printf '3 4\nbaju 0.1 0.2 0.3 0.4 0.5\n' > long.vec
config long_vector good.conll long.vec
expect_error long_vector 'long.vec:2: more than 4 numbers'

printf 'not a header\n' > noheader.vec
config no_header good.conll noheader.vec
expect_error no_header "noheader.vec:1: expected the header 'COUNT DIM'"

config missing_file nowhere.conll good.vec
expect_error missing_file 'missing_file.json: "data.train": cannot open .*nowhere.conll'

printf '{"data": {"train": "good.conll",\n  "dev": }\n' > bad_json.json
expect_error bad_json 'bad_json.json:2: invalid JSON'

config unknown_key good.conll good.vec ', "hiden": 3'
expect_error unknown_key 'unknown_key.json: unknown key "hiden" in "model"'

# a config (or a record's config) of another semantics version is another run
config old_semantics good.conll good.vec
sed -i 's/"output"/"semantics": 1, "output"/' old_semantics.json
expect_error old_semantics 'old_semantics.json: "semantics" is another version; this jointner reads version 2'

config wrong_type good.conll good.vec ', "hidden": "big"'
expect_error wrong_type 'wrong_type.json: "model.hidden" must be a number'

config bad_attention good.conll good.vec ', "attention": "self"'
expect_error bad_attention '"model.attention" = "self" is not one of'

sed '/# label/d' good.conll > nolabel.conll
config no_label nolabel.conll good.vec
expect_error no_label 'nolabel.conll:1: sentence has no .# label'

printf 'baju\tO\n\n' > other.conll
config other_run good.conll good.vec
"$JOINTNER" train --config other_run.json > /dev/null
config other_run other.conll good.vec
expect_error other_run 'a run record of another configuration'

printf 'ELECTRONICS\n' > no_tab.tsv
cat > pre_bad.json <<JSON
{"data": {"train": "no_tab.tsv", "dev": "no_tab.tsv", "vectors": "good.vec"},
 "model": {"type": "pretrain"}, "output": "pre_bad.h5"}
JSON
set +e; "$JOINTNER" pretrain --config pre_bad.json 2> pre_bad.err; code=$?; set -e
[ "$code" = 2 ] && grep -q 'no_tab.tsv:1: expected LABEL<TAB>text' pre_bad.err || fail "pretrain bad corpus: $code $(cat pre_bad.err)"

# gzip-compressed text: read as its text; a truncated or corrupt stream is
# an error naming the file, never an early end of the data
gzip -c good.conll > good.conll.gz
config gzipped good.conll.gz good.vec
"$JOINTNER" train --config gzipped.json > gzipped.log 2>&1 || fail "a gzip training file: $(tail -2 gzipped.log)"
cat good.conll good.conll good.conll good.conll | gzip -c | head -c 200 > truncated.conll.gz
config truncated truncated.conll.gz good.vec
expect_error truncated 'truncated.conll.gz:[0-9]+: cannot read: unexpected end of file'
{ head -c 30 good.conll.gz; head -c 400 /dev/urandom; } > corrupt.conll.gz
config corrupt_gz corrupt.conll.gz good.vec
expect_error corrupt_gz 'corrupt.conll.gz:[0-9]+: (cannot read|invalid UTF-8)'

# a list of training files is for pre-training only, and each must be there once
config ner_list good.conll good.vec
sed -i 's/"train": "good.conll"/"train": ["good.conll"]/' ner_list.json
expect_error ner_list '"data.train" may be a list of files only for pre-training'
pre_list() { # pre_list NAME LIST: a pre-training config whose data.train is LIST
  cat > "$1.json" <<JSON
{"data": {"train": $2, "dev": "corpus.tsv", "vectors": "good.vec"},
 "model": {"type": "pretrain"}, "output": "$1.h5"}
JSON
}
printf 'A\tbaju merah\n' > corpus.tsv
pre_list empty_list '[]'
pre_list twice '["corpus.tsv", "./corpus.tsv"]'
pre_list not_text '["corpus.tsv", 7]'
pre_list missing '["corpus.tsv", "nowhere.tsv"]'
for name in empty_list twice not_text missing; do
  set +e; "$JOINTNER" pretrain --config $name.json > /dev/null 2> $name.err; code=$?; set -e
  [ "$code" = 2 ] || fail "$name: exit status $code ($(cat $name.err))"
  echo "ok $name: $(cat $name.err)"
done
grep -q '"data.train" is an empty list' empty_list.err || fail "empty list: $(cat empty_list.err)"
grep -q '"data.train" lists .*corpus.tsv twice (items 1 and 2)' twice.err || fail "a file twice: $(cat twice.err)"
grep -q '"data.train" item 2 must be a non-empty string' not_text.err || fail "a number in the list: $(cat not_text.err)"
grep -q '"data.train": cannot open .*nowhere.tsv' missing.err || fail "a missing file: $(cat missing.err)"

printf 'garbage' > corrupt.h5
set +e; "$JOINTNER" eval --record corrupt.h5 2> corrupt.err; code=$?; set -e
[ "$code" = 2 ] && grep -q 'corrupt.h5: not a readable HDF5 file' corrupt.err || fail "corrupt record: $code $(cat corrupt.err)"
echo "test_cli_bad_input: all checks passed"
