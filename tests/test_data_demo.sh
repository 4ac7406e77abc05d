#!/bin/bash
# test_data_demo.sh: the demo generator is deterministic (same seed ->
# identical bytes, another seed -> different), its titles have 6-20 tokens
# and labels; augmentation on a hand-made case; `embed` end to end.
source "$SRC/tests/checks.sh"

ok $J data demo --out a --seed 5 --pretrain 3000 --unlabeled 1000 --ner 200,50,50
ok $J data demo --out b --seed 5 --pretrain 3000 --unlabeled 1000 --ner 200,50,50
ok $J data demo --out c --seed 6 --pretrain 3000 --unlabeled 1000 --ner 200,50,50
for lang in vi th id; do
  for f in train.conll dev.conll test.conll pretrain.tsv unlabeled.txt; do
    same a/$lang/$f b/$lang/$f
    cmp -s a/$lang/$f c/$lang/$f && { echo "FAIL: seed 5 and 6 give the same $lang/$f"; fail=1; }
  done
  [ "$(grep -c '^# label = ' a/$lang/train.conll)" = 200 ] || { echo "FAIL: $lang/train.conll labels"; fail=1; }
  [ "$(wc -l <a/$lang/pretrain.tsv)" = 3000 ] || { echo "FAIL: $lang/pretrain.tsv lines"; fail=1; }
  awk '{ if (NF < 6 || NF > 20) bad = 1 } END { exit bad }' a/$lang/unlabeled.txt || { echo "FAIL: $lang title length"; fail=1; }
  ok $J data import --format bio --in a/$lang/train.conll --out a/$lang/reimport.conll
  same a/$lang/train.conll a/$lang/reimport.conll
done
grep -q GENERATED a/README.md || { echo "FAIL: README must say the data is generated"; fail=1; }
echo "demo id train: $(grep -v '^unmapped' out.txt | tr '\n' ' ')"

# Augmentation: "kaos merah" (PRODUCT 2x, COLOR 1x) -> PRODUCT by frequency;
# "kaos merah polos" (longest) beats "kaos merah"; no match -> not picked.
printf 'kaos\tB-PRODUCT\nmerah\tE-PRODUCT\n\nkaos\tB-COLOR\nmerah\tE-COLOR\n\nkaos\tB-PRODUCT\nmerah\tE-PRODUCT\n\nkaos\tB-PATTERN\nmerah\tI-PATTERN\npolos\tE-PATTERN\nNike\tS-BRAND\n\n' >ner.conll
printf 'jual kaos merah polos Nike\ntidak ada apa apa\nkaos merah murah\nmerah saja\n' >u.txt
ok $J data augment --ner ner.conll --unlabeled u.txt --count 10 --out aug.conll --seed 1
printf 'jual\tO\nkaos\tB-PATTERN\nmerah\tI-PATTERN\npolos\tE-PATTERN\nNike\tS-BRAND\n\nkaos\tB-PRODUCT\nmerah\tE-PRODUCT\nmurah\tO\n\n' >expect.conll
same aug.conll expect.conll
grep -qx "matching-titles 2" out.txt || { echo "FAIL: matching-titles"; cat out.txt; fail=1; }
ok $J data augment --ner ner.conll --unlabeled u.txt --count 1 --out aug1.conll --seed 1
ok $J data augment --ner ner.conll --unlabeled u.txt --count 1 --out aug2.conll --seed 1
same aug1.conll aug2.conll
[ "$(grep -c '^$' aug1.conll)" = 1 ] || { echo "FAIL: --count 1 should write 1 title"; fail=1; }

# --fold-case: "KAOS MERAH" (COLOR) joins "kaos merah" (PRODUCT 2x, COLOR 1x)
# as one entry, so COLOR ties PRODUCT and wins by name; titles keep their case.
{ cat ner.conll; printf 'KAOS\tB-COLOR\nMERAH\tE-COLOR\n\n'; } >ner_cased.conll
printf 'JUAL Kaos MERAH polos nike\nKAOS merah murah\n' >u_cased.txt
ok $J data augment --ner ner_cased.conll --unlabeled u_cased.txt --count 10 --out cased.conll
grep -qx "matching-titles 0" out.txt || { echo "FAIL: without --fold-case nothing matches"; cat out.txt; fail=1; }
ok $J data augment --ner ner_cased.conll --unlabeled u_cased.txt --count 10 --out folded.conll --fold-case
printf 'JUAL\tO\nKaos\tB-PATTERN\nMERAH\tI-PATTERN\npolos\tE-PATTERN\nnike\tS-BRAND\n\nKAOS\tB-COLOR\nmerah\tE-COLOR\nmurah\tO\n\n' >expect.conll
same folded.conll expect.conll
grep -qx "dictionary-entries 3" out.txt || { echo "FAIL: --fold-case entries"; cat out.txt; fail=1; }

if command -v fasttext >/dev/null; then
  ok $J embed --in a/id/unlabeled.txt,a/vi/unlabeled.txt --out id.vec --dim 10 --epoch 1 --threads 1 --min-count 1
  [ -f id.vec ] && [ ! -e id.bin ] && [ ! -e id.vec.input.txt ] || { echo "FAIL: embed files"; ls; fail=1; }
  grep -qx "sha256 $(sha256sum id.vec | cut -d' ' -f1)" out.txt || { echo "FAIL: embed sha256"; cat out.txt; fail=1; }
  [ "$(head -1 id.vec | cut -d' ' -f2)" = 10 ] || { echo "FAIL: .vec header"; fail=1; }
else
  echo "fasttext not installed: embed not tested" >&2
fi
[ $fail = 0 ] && echo "test_data_demo: all checks passed"
exit $fail
