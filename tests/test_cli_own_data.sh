#!/bin/bash
# test_cli_own_data.sh: the README's "Your own data" walk-through, run exactly
# as written: every ```sh block of that section, in order, in a folder
# holding the raw files it names (made here from generated titles) and
# build/jointner (this build). Then: BIO data gives valid BIO predictions,
# the table has its cells.
set -euo pipefail
: "${JOINTNER:?} ${SRC:?} ${WORK:?}"
rm -rf "$WORK" && mkdir -p "$WORK/build" && cd "$WORK"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} OPENBLAS_NUM_THREADS=1
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$SRC/tests/need.sh"
need fasttext "the Debian package is needed for jointner embed"
ln -s "$JOINTNER" build/jointner

# the raw files: my-ner.bio (BIO columns, id), my-ner-th.txt (bracket-tagged
# raw Thai, with byte-order marks), my-corpus.csv (text,label and a header)
"$JOINTNER" data demo --out gen --lang id,th --ner 300,50,50 --pretrain 2000 --unlabeled 10 >/dev/null
cat gen/id/train.conll gen/id/dev.conll gen/id/test.conll | sed 's/\tS-/\tB-/; s/\tE-/\tI-/' >my-ner.bio
cat gen/th/train.conll gen/th/dev.conll gen/th/test.conll | LC_ALL=C awk -F'\t' '
  function ascii(s) { return s !~ /[\200-\377]/ }
  /^# label/ { print; next }
  !NF { print line; line = ""; prev = ""; next }
  { if (line != "" && (ascii(prev) || ascii($1))) line = line " "
    if ($2 ~ /^[BS]-/) line = line "[" substr($2, 3) "]"
    line = line $1
    if ($2 ~ /^[ES]-/) line = line "[/" substr($2, 3) "]"
    prev = $1 }' >th.txt
{ printf '\xef\xbb\xbf'; sed '5s/^/\xef\xbb\xbf/' th.txt; } >my-ner-th.txt
{ echo 'text,label'; awk -F'\t' '{ gsub(/"/, "\"\"", $2); printf "\"%s\",%s\n", $2, $1 }' gen/id/pretrain.tsv; } >my-corpus.csv

# the walk-through's commands, as the README has them
awk '/^## Your own data/ { on = 1; next } on && /^## / { exit }
     on && /^```sh$/ { code = 1; next } code && /^```$/ { code = 0; next } code' "$SRC/README.md" >walkthrough.sh
[ "$(grep -c '^build/jointner' walkthrough.sh)" -ge 10 ] || fail "the README section has too few commands: $(cat walkthrough.sh)"
bash -euo pipefail walkthrough.sh >walkthrough.log 2>&1 || { tail -n 40 walkthrough.log; fail "the walk-through failed"; }

# BIO in, BIO out: no E-/S- tags, every I- continues a chunk of its type
for f in mine/new-titles.conll mine/test-predictions.conll; do
  [ -s "$f" ] || fail "$f is empty"
  awk -F'\t' '/^#/ { next } !NF { delete last; next }
    { for (i = 2; i <= NF; i++) {
        t = $i; p = (i in last) ? last[i] : "O"
        if (t ~ /^[ES]-/) { print FILENAME ":" FNR ": IOBES tag " t; bad = 1 }
        if (t ~ /^I-/ && !(p ~ /^[BI]-/ && substr(p, 3) == substr(t, 3))) { print FILENAME ":" FNR ": " t " after " p; bad = 1 }
        last[i] = t } }
    END { exit bad }' "$f" || fail "$f is not valid BIO"
done
grep -q '^output-scheme bio$' walkthrough.log || fail "the bio import did not keep BIO"
grep -q '^# label = ' mine/new-titles.conll || fail "no sentence labels in the joint model's predictions"
for row in "NER-only" "Joint"; do
  grep -q "^table1,$row,none,id,1,1," mine/results/table1.csv && grep -q "^table1,$row,none,th,1,1," mine/results/table1.csv ||
    fail "table1.csv lacks $row: $(cat mine/results/table1.csv)"
done
# embed decompresses a gzip input for fastText: the same vectors as from the text
gzip -c mine/ner-train.txt > ner-train.txt.gz
for f in mine/ner-train.txt ner-train.txt.gz; do
  "$JOINTNER" embed --in "$f" --out "embed-$(basename "$f").vec" --dim 10 --epoch 1 --threads 1 --min-count 1 > /dev/null
done
cmp -s embed-ner-train.txt.vec embed-ner-train.txt.gz.vec || fail "embed over the gzip text gives other vectors"
# --lowercase: the vectors of the text lowercased by hand (non-ASCII capitals too)
printf 'Kaos MERAH Polos\nÉCOLE Đen ÁO kaos\nkaos merah\n' > cased.txt
printf 'kaos merah polos\nécole đen áo kaos\nkaos merah\n' > lower.txt
"$JOINTNER" embed --in cased.txt --out embed-cased.vec --dim 10 --epoch 1 --threads 1 --min-count 1 --lowercase > /dev/null
"$JOINTNER" embed --in lower.txt --out embed-lower.vec --dim 10 --epoch 1 --threads 1 --min-count 1 > /dev/null
cmp -s embed-cased.vec embed-lower.vec && [ ! -e embed-cased.vec.input.txt ] ||
  fail "embed --lowercase differs from the lowercased text"
echo "ok: $(grep -c '^build/jointner' walkthrough.sh) README commands ran"
