#!/bin/bash
# test_data_bracket.sh: `jointner data import --format bracket`: raw text
# with [TYPE]...[/TYPE] entities, one unsegmented sentence a line. Each
# plain and tagged piece is segmented on its own, so entity edges are token
# edges; byte-order marks anywhere are removed; errors name file:line and
# say what to do.
source "$SRC/tests/checks.sh"
BOM=$'\xef\xbb\xbf'

# The entity ends inside a Thai run with no space ("...พันธุ์[/PERSON]เดินทาง"):
# segmenting the whole line could put a word across the edge.
{
  printf '%s[PERSON]นายจตุพร พรหมพันธุ์[/PERSON]เดินทางไป[LOCATION]เชียงใหม่[/LOCATION]\n' "$BOM"
  printf '\n# label = NEWS\n'
  printf 'ราคา %s[MONEY]5,900 บาท[/MONEY] [sic] วันที่ [DATE]12%s มกราคม[/DATE].\n' "$BOM" "$BOM"
  printf '%s\n' "$BOM"
  printf 'Rp.[PRODUCT]Kaos (Pria)[/PRODUCT]\n'
} >th.txt
ok $J data import --format bracket --in th.txt --out th.conll
has "sentences 3" out.txt; has "entity PERSON 1" out.txt; has "entity MONEY 1" out.txt
has "label NEWS 1" out.txt; has "skipped 0" out.txt
if grep -q "$BOM" th.conll; then echo "FAIL: a byte-order mark is left in th.conll"; fail=1; fi
# every entity's tokens, in order, join to exactly its text without spaces
awk -F'\t' '/^#/ || !NF {next} $2 != "O" {printf "%s", $1} $2 ~ /^[ES]-/ {printf "|%s\n", substr($2, 3)}' th.conll >entities.txt
printf 'นายจตุพรพรหมพันธุ์|PERSON\nเชียงใหม่|LOCATION\n5,900บาท|MONEY\n12มกราคม|DATE\nKaos(Pria)|PRODUCT\n' >expect.txt
cmp -s entities.txt expect.txt || { echo "FAIL: entities:"; diff entities.txt expect.txt; fail=1; }
grep -q $'^\\[\tO$' th.conll || { echo "FAIL: '[sic]' should stay text"; fail=1; }
grep -q $'^เดิน' th.conll || { echo "FAIL: the text after [/PERSON] should start a token"; cat th.conll; fail=1; }
head -1 th.conll | grep -qx $'นาย\tB-PERSON' || { echo "FAIL: first token"; head -3 th.conll; fail=1; }

# split into train/dev/test like the bio importer (deterministic)
for i in $(seq 1 8); do printf 'สินค้า [BRAND]ยี่ห้อ%d[/BRAND] ดี\n' "$i"; done >many.txt
ok $J data import --format bracket --in many.txt --out split --split 4,2,1 --seed 3
has "wrote split/train.conll 4" out.txt; has "wrote split/unlabeled.txt 1" out.txt

# errors: file:line, what is wrong and what to do
printf 'ok [PERSON]a[/PERSON]\nnot [PERSON]closed\n' >e1.txt
bad 'e1.txt:2: [PERSON] is not closed: add [/PERSON] where the entity ends' $J data import --format bracket --in e1.txt --out e.conll
[ -e e.conll ] && { echo "FAIL: output written despite an error"; fail=1; }
printf 'a[/DATE] b\n' >e2.txt
bad 'e2.txt:1: [/DATE] without an opening [DATE]' $J data import --format bracket --in e2.txt --out e.conll
printf '[ORG]a [PERSON]b[/PERSON][/ORG]\n' >e3.txt
bad 'e3.txt:1: [PERSON] inside [ORG]: entities cannot nest' $J data import --format bracket --in e3.txt --out e.conll
printf '[ORG]a[/PERSON]\n' >e4.txt
bad 'e4.txt:1: [/PERSON] closes [ORG]' $J data import --format bracket --in e4.txt --out e.conll
printf 'x\n[DATE]%s [/DATE] y\n' "$BOM" >e5.txt
bad 'e5.txt:2: [DATE] entity has no text (only spaces or invisible characters)' $J data import --format bracket --in e5.txt --out e.conll
ok $J data import --format bracket --in e5.txt --out e5.conll --max-skip 1
has "sentences 1" out.txt; has "skipped 1" out.txt
exit $fail
