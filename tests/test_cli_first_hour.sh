#!/bin/bash
# test_cli_first_hour.sh: what a new user meets first. Every command and
# subcommand answers --help (also after other options) with its usage on
# stdout and status 0; the README's data section names only formats and
# options that exist; `jointner data text` turns CoNLL into the plain text
# `jointner embed` reads, and embed's help says so; data.language accepts
# ISO 639 codes only; the README defines the epoch line's lr.
set -u
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
J=$JOINTNER
fail=0
no() { echo "FAIL: $*"; fail=1; }

# --- --help everywhere
while read -r args; do
  # shellcheck disable=SC2086
  $J $args >help.out 2>help.err; rc=$?
  [ $rc = 0 ] && grep -q '^usage' help.out || no "'jointner $args' exit $rc: $(head -c 300 help.err)"
done <<'EOF'
--help
train --help
pretrain --help
eval --help
predict --help
data --help
data import --help
data import --format bio --help
data demo --help
data augment --help
data text --help
embed --help
embed --in x.txt --help
tables --help
grid --help
slurm --help
slurm submit --help
slurm status --help
EOF

# --- the README's data section: formats and options that exist
$J data --help >data_help.txt
$J embed --help >embed_help.txt
sed -n '/^## Data$/,/^## /p' "$SRC/README.md" >data_section.md
for f in $(grep -o '^| `[a-z-]*` |' data_section.md | tr -d '|` '); do
  grep -q "^      $f " data_help.txt || no "README format '$f' is not in 'jointner data --help'"
done
for o in $(grep -o -- '--[a-z][a-z-]*' data_section.md | grep -vx -- --help | sort -u); do
  grep -q -- "$o" data_help.txt embed_help.txt || no "README option '$o' is in no help"
done
grep -q 'sample' data_section.md && ! grep -q -- '--split A,B,C.*sample\|sample.*--split' data_section.md &&
  no "the README promises a sample without naming --split"

# --- plain text out of CoNLL for embed
printf '# label = A\nBudi\tS-PER\nke\tO\n\nJakarta\tS-LOC\n\n' >x.conll
printf 'satu O\ndua O\n' >y.conll
$J data text --in x.conll,y.conll --out text.txt >out.txt 2>err.txt || no "data text: $(cat err.txt)"
printf 'Budi ke\nJakarta\nsatu dua\n' >want.txt
cmp -s text.txt want.txt || no "data text wrote: $(cat text.txt)"
grep -q 'jointner data text' embed_help.txt && grep -qi 'one sentence a line' embed_help.txt ||
  no "embed --help does not say what --in reads"
$J data text --in x.conll --out text.tsv >out.txt 2>err.txt
[ $? = 2 ] && grep -q 'text.tsv: data text writes tokens only' err.txt || no "data text to .tsv: $(cat err.txt)"

# --- the bio importer: IOBES by default (the public data's files stay as
# they were), BIO kept with --keep-scheme (BIO in, BIO out)
printf 'Budi\tB-PER\nSantoso\tI-PER\nke\tO\n\n' >b.bio
$J data import --format bio --in b.bio --out b.conll >out.txt 2>err.txt || no "bio import: $(cat err.txt)"
printf 'Budi\tB-PER\nSantoso\tE-PER\nke\tO\n\n' >want.conll
cmp -s b.conll want.conll && grep -qx 'output-scheme iobes' out.txt || no "bio import default: $(cat b.conll)"
$J data import --format bio --in b.bio --out b2.conll --keep-scheme >out.txt 2>err.txt || no "--keep-scheme: $(cat err.txt)"
cmp -s b2.conll b.bio && grep -qx 'input-scheme bio' out.txt || no "--keep-scheme wrote: $(cat b2.conll)"

# --- data.language
printf '1 2\nBudi 0.5 0.5\n' >v.vec
lang_config() {
  printf '{"data": {"train": "x.conll", "dev": "x.conll", "test": "x.conll", "vectors": "v.vec", "language": "%s"},
 "model": {"type": "ner", "hidden": 4}, "train": {"max_epochs": 1}, "output": "%s.h5"}\n' "$1" "$1" >"$1.json"
}
lang_config indonesian
$J train --config indonesian.json >out.txt 2>err.txt
[ $? = 2 ] && grep -q 'indonesian.json: "data.language" = "indonesian" is not an ISO 639 language code' err.txt ||
  no "data.language indonesian: $(cat err.txt)"
for code in id th vi xx; do
  lang_config $code
  $J train --config $code.json >out.txt 2>err.txt || no "data.language $code refused: $(cat err.txt)"
done
grep -q 'data.language' "$SRC/README.md" || no "the README does not document data.language"

# --- the epoch line's lr, defined
grep -q '`lr` (the learning rate used in that' "$SRC/README.md" || no "the README does not define the epoch line's lr"
exit $fail
