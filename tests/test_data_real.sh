#!/bin/bash
# test_data_real.sh: every importer on the real public data
# (${JOINTNER_DATA:-$SRC/../shared/data}, see its README.md) with the
# counts measured when the importers were written. Skips (77) loudly when
# the data is absent.
set -u
D=${JOINTNER_DATA:-$SRC/../shared/data}
if [ ! -f "$D/id/prodattr_enamex.txt" ]; then
  echo "SKIPPED: real data not found at $D (set JOINTNER_DATA)" >&2
  exit 77
fi
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
J=$JOINTNER
fail=0
run() { # run NAME command...: output in NAME.out
  local name=$1; shift
  "$@" >"$name.out" 2>"$name.err" || { echo "FAIL (exit $?): $*"; cat "$name.err"; fail=1; }
  echo "== $name: $(grep -v '^unmapped' "$name.out" | tr '\n' ' ')"
}
has() { grep -qxF -- "$2" "$1.out" || { echo "FAIL: $1: line '$2' missing"; fail=1; }; }

run enamex $J data import --format enamex --in "$D/id/prodattr_enamex.txt" --out enamex --max-skip 5
for l in "sentences 1709" "tokens 15608" "skipped 5" "entity PRODUCT 2166" "entity BRAND 1189" "entity COLOR 414" \
         "entity PATTERN 226" "entity CONSUMER_GROUP 213" "entity MATERIAL 201" "wrote enamex/train.conll 1000" \
         "wrote enamex/dev.conll 354" "wrote enamex/test.conll 355"; do has enamex "$l"; done

run nerp $J data import --format bio --in "$D/id/nerp_train.bio" --out nerp_train.conll
for l in "sentences 6720" "tokens 156404" "entity PPL 4863" "entity PLC 4404" "entity IND 3089" "entity EVT 1049" "entity FNB 549"; do has nerp "$l"; done
run thainer $J data import --format bio --in "$D/th/thainer13.conll" --out thainer --split 1000,500,500 --seed 13
for l in "sentences 6348" "tokens 210759" "entities 17663" "dropped-entities 0" "wrote thainer/unlabeled.txt 4348"; do has thainer "$l"; done

B=$D/id/ndsc_beauty.csv,$D/id/ndsc_fashion.csv,$D/id/ndsc_mobile.csv
run ndsc_domain $J data import --format csv-title --in "$B" --label-map domain --out ndsc_domain.tsv
for l in "sentences 66663" "label HEALTH_BEAUTY 28659" "label FASHION 21971" "label ELECTRONICS 16033"; do has ndsc_domain "$l"; done
run ndsc_category $J data import --format csv-title --in "$D/id/ndsc_mobile.csv" --label-map category --categories "$D/id/ndsc_categories.json" --out ndsc_category.tsv
has ndsc_category "labels 27"; has ndsc_category "label Xiaomi 1523"
run ndsc_unlabeled $J data import --format csv-title --in "$D/id/ndsc_mobile_UNLABELLED.csv" --out ndsc_unlabeled.txt --max-skip 1
has ndsc_unlabeled "sentences 40416"; has ndsc_unlabeled "skipped 1"

run smsa $J data import --format tsv --in "$D/id/smsa_train.tsv" --out smsa_train.tsv
for l in "sentences 11000" "label positive 6416" "label negative 3436" "label neutral 1148"; do has smsa "$l"; done

run wisesight $J data import --format jsonl --in "$D/th/wisesight_splits.zip" --member data/valid.jsonl --out wisesight_valid.tsv
for l in "sentences 2404" "label neg 637" "label neu 1291" "label pos 434" "label q 42"; do has wisesight "$l"; done

run tiki $J data import --format tiki --in "$(ls "$D"/vi/tiki_*.csv | paste -sd,)" --out tiki.conll
for l in "sentences 7116" "labels 12" "duplicates 559" "entity BRAND 4629"; do has tiki "$l"; done

run coreterms $J data import --format shopee-coreterms --in "$(ls "$D"/id/shopee_coreterms_*.csv | paste -sd,)" --out coreterms.conll
for l in "sentences 3398" "duplicates 1156" "labels 5" "label 40 745" "entity PRODUCT 3551" "entity BRAND 1067" \
         "titles-with-product 3127"; do has coreterms "$l"; done

run truevoice $J data import --format csv-columns --in "$D/th/truevoice_mari-intent.zip" --member mari_train.csv \
  --text-column texts --label-column destination --out truevoice_train.tsv
for l in "sentences 12939" "labels 7" "label billing_and_payment 5007" "label lost_and_stolen 157"; do has truevoice "$l"; done

run vnexpress $J data import --format class-files --in "$(ls "$D"/vi/vnexpress_*.txt | paste -sd,)" --out vnexpress.tsv --max-skip 1
for l in "sentences 4967" "labels 8" "label THE_THAO 624" "skipped 1"; do has vnexpress "$l"; done

[ $fail = 0 ] && echo "test_data_real: all checks passed"
exit $fail
