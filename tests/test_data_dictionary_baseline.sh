#!/bin/bash
# test_data_dictionary_baseline.sh: results/public-data/dictionary-baseline.sh
# on a hand-worked case (longest match, case-folded, the most frequent type
# with ties to the first in byte order, BIO gold, a TRAIN without a final
# blank line), and on a malformed line, a bad tag and an empty file.
source "$SRC/tests/checks.sh"
B=$SRC/results/public-data/dictionary-baseline.sh

# dictionary: "kaos polos" PRODUCT, "nike" BRAND, "kaos" PRODUCT, "merah"
# COLOR 1 and PATTERN 1 (a tie: COLOR)
printf 'Kaos\tB-PRODUCT\nPolos\tE-PRODUCT\nNike\tS-BRAND\n\nkaos\tS-PRODUCT\nmerah\tS-COLOR\n\nmerah\tS-PATTERN\n' >train.conll
# found: KAOS POLOS (right), kaos (right), merah COLOR (gold PATTERN), nike
# (gold O); missed: adidas. 2 of 4 found, 2 of 4 phrases.
printf '# label = X\nKAOS\tB-PRODUCT\nPOLOS\tI-PRODUCT\nadidas\tB-BRAND\n\nkaos\tB-PRODUCT\nmerah\tB-PATTERN\nnike\tO\n\n' >test.conll
ok bash "$B" train.conll test.conll
has "precision 50.00 recall 50.00 FB1 50.00 found 4 correct 2 phrases 4" out.txt
# the training set against itself: 5 phrases, all found, the last "merah"
# (PATTERN) as COLOR
ok bash "$B" train.conll train.conll
has "precision 80.00 recall 80.00 FB1 80.00 found 5 correct 4 phrases 5" out.txt

printf 'kaos\tB-PRODUCT\textra\n' >bad.conll
bad "bad.conll:1: expected TOKEN<TAB>TAG, got 3 fields" bash "$B" train.conll bad.conll
printf 'kaos\tB-PRODUCT\nmerah\tX-COLOR\n' >badtag.conll
bad 'badtag.conll:2: tag "X-COLOR" is neither O nor B-, I-, E-, S- and a type' bash "$B" badtag.conll test.conll
: >empty.conll
bad "empty.conll: no such file, or empty" bash "$B" empty.conll test.conll
[ $fail = 0 ] && echo "test_data_dictionary_baseline: all checks passed"
exit $fail
