#!/usr/bin/env bash
# prepare.sh OUT_DIR: the public-data substitutes of the paper's three data
# sets (see results/public-data/README.md and ../shared/data/README.md),
# imported with `jointner data import`, split, augmented and embedded.
#
# Writes, for each language L in ${LANGS:-id th vi}, OUT_DIR/L/:
#   train.conll dev.conll test.conll   NER, project IOBES format
#                                      (`# label = X` lines where the data
#                                      has sentence labels: vi only)
#   pretrain_train.tsv pretrain_dev.tsv sentence-labeled corpus, LABEL<TAB>tokens
#   unlabeled.txt                      unlabeled titles, one per line, tokenised
#   augment_10k.conll augment_50k.conll `jointner data augment` from train.conll
#                                      over unlabeled.txt (fewer if fewer match)
#   vectors.vec                        300-d fastText skip-gram vectors
#   counts.txt                         every import/augment/embed report and the
#                                      counts of every output file
#   sha256sums.txt                     checksums of the outputs
# plus OUT_DIR/summary.txt (the main counts and the time of every step).
#
# Deterministic: every random choice uses SEED=2020 (the shuffles below are a
# Park-Miller generator in awk, the importers' own splits use --seed), and
# fastText runs on one thread. Rerunning gives byte-identical data files;
# only the times in summary.txt differ.
#
# Environment: JOINTNER_DATA (default <repo>/../shared/data), JOINTNER (the
# binary, default <repo>/build/jointner), LANGS (default "id th vi"),
# JOINTNER_PREP_NO_EMBED=1 (skip fastText: no vectors.vec; for quick checks),
# JOINTNER_PREP_EMBED_EPOCHS (default 10; other vectors, other run identities:
# for quick checks only).
# A language is built in OUT_DIR/L.partial and renamed to OUT_DIR/L only
# when complete; an existing OUT_DIR/L is replaced.
set -euo pipefail
export LC_ALL=C.UTF-8 # sed \L and [:alnum:] on UTF-8 text; byte-order sort via LC_COLLATE below
export LC_COLLATE=C

usage() { echo "usage: $0 OUT_DIR   (env: JOINTNER_DATA, JOINTNER, LANGS)" >&2; exit 2; }
[ $# -eq 1 ] || usage
case $1 in -h|--help) usage ;; esac

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA=${JOINTNER_DATA:-$REPO/../shared/data}
J=${JOINTNER:-$REPO/build/jointner}
LANGS=${LANGS:-id th vi}
SEED=2020
NER_SPLIT=(1000 500 500) # the paper's low-resource train/dev/test shape
PRETRAIN_DEV=2000        # sentence-labeled lines held out for dev (id, vi)
VI_MIN_PRETRAIN=3000     # below this many Tiki pre-training lines, add vnexpress
EMBED_EPOCHS=${JOINTNER_PREP_EMBED_EPOCHS:-10}
EMBED_MAX_LINES=200000   # above this, epochs scale down to keep ~2M line-epochs

die() { echo "prepare.sh: error: $*" >&2; exit 1; }
[ -x "$J" ] || die "jointner binary not found at $J (build it, or set JOINTNER)"
[ -d "$DATA/id" ] && [ -d "$DATA/th" ] && [ -d "$DATA/vi" ] || die "public data not found at $DATA (set JOINTNER_DATA)"
command -v fasttext >/dev/null || die "fasttext not found (apt-get install fasttext)"
command -v unzip >/dev/null || die "unzip not found (apt-get install unzip)"
J=$(realpath "$J")
DATA=$(cd "$DATA" && pwd)
for l in $LANGS; do case $l in id|th|vi) ;; *) die "unknown language '$l' in LANGS (id th vi)" ;; esac; done

mkdir -p "$1"
OUT=$(cd "$1" && pwd)
SUMMARY=$OUT/summary.txt
: >"$SUMMARY"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "$*"; echo "$*" >>"$SUMMARY"; }

# step NAME COMMAND...: runs COMMAND in the language directory with its
# stdout and stderr in work/NAME.log, appends both to counts.txt (fastText's
# progress lines reduced to the last one) and the time to summary.txt.
step() {
  local name=$1; shift
  local log=work/$name.log t0 t1 rc=0
  t0=$(now)
  "$@" >"$log" 2>&1 || rc=$?
  t1=$(now)
  {
    echo "## $name"
    echo "\$ $*" | sed "s#$DATA#\$DATA#g; s#$J#jointner#g"
    tr '\r' '\n' <"$log" | awk '/^Progress:/ { p = $0; sub(/ words\/sec\/thread: *[0-9]+/, "", p); next } { print } END { if (p != "") print p }' |
      sed "s#$DATA#\$DATA#g"
    echo
  } >>counts.txt
  say "  $(printf '%-28s' "$name") $(elapsed "$t0" "$t1") s"
  [ $rc -eq 0 ] || { cat "$log" >&2; die "$LANG_NAME: step $name failed (exit $rc)"; }
}

# note TEXT...: a line in counts.txt and on stdout
note() { echo "$*" >>counts.txt; echo "  $*"; }

# shuffle_lines SEED < in > out: deterministic permutation of the lines
# (Park-Miller minimal standard generator as sort keys; all keys distinct).
shuffle_lines() {
  awk -v seed="$1" 'BEGIN { x = seed % 2147483646 + 1 }
    { x = (16807 * x) % 2147483647; printf "%010.0f\t%s\n", x, $0 }' | sort -s -n -k1,1 | cut -f2-
}

# dedup_lines < in > out: drops repeated lines, the first one kept, order kept
dedup_lines() { awk '!seen[$0]++'; }

# conll_text FILE...: one line of space-separated tokens per sentence
conll_text() {
  awk -F'\t' 'NF == 0 { if (s != "") print s; s = ""; next } /^# label = / { next }
    { s = s == "" ? $1 : s " " $1 } END { if (s != "") print s }' "$@"
}

# conll_records FILE: one line per sentence, LABEL<TAB>tokens<TAB>tags
# (label "-" when the sentence has none)
conll_records() {
  awk -F'\t' 'function out() { if (t != "") print (l == "" ? "-" : l) "\t" t "\t" g; l = t = g = "" }
    NF == 0 { out(); next } /^# label = / { l = substr($0, 11); next }
    { t = t == "" ? $1 : t " " $1; g = g == "" ? $2 : g " " $2 } END { out() }' "$1"
}

# records_to_conll < records > FILE.conll: inverse of conll_records
records_to_conll() {
  awk -F'\t' '{ if ($1 != "-") print "# label = " $1
    n = split($2, t, " "); m = split($3, g, " ")
    if (n != m || n == 0) { print "bad record " NR > "/dev/stderr"; exit 1 }
    for (i = 1; i <= n; i++) print t[i] "\t" g[i]; print "" }'
}

# label_counts FILE.tsv: `label X N` lines and `labels K`
label_counts() {
  cut -f1 "$1" | sort | uniq -c | awk '{ print "label " $2 " " $1; k++ } END { print "labels " k + 0 }'
}

# check_conll NAME FILE: re-reads FILE with the project's strict reader (the
# bio importer, which checks the tags), requires the output to be identical,
# and records its counts (sentences, tokens, entities per type, labels).
check_conll() {
  step "check-$1" "$J" data import --format bio --in "$2" --out "work/check-$1.conll"
  cmp -s "$2" "work/check-$1.conll" || die "$LANG_NAME: $2 does not read back identically"
}

# tsv_stats NAME FILE: counts of a LABEL<TAB>tokens file into counts.txt
tsv_stats() {
  {
    echo "## $1 ($2)"
    echo "lines $(wc -l <"$2")"
    echo "tokens $(cut -f2 "$2" | wc -w)"
    label_counts "$2"
    echo
  } >>counts.txt
}

# augment N NAME [OPTION...]: augment_NAME.conll with N titles (or all that
# match) from the entities of train.conll
augment() {
  local n=$1 name=$2
  shift 2
  step "augment-$name" "$J" data augment --ner train.conll --unlabeled unlabeled.txt --count "$n" \
    --out "augment_$name.conll" --seed "$SEED" "$@"
  local got
  got=$(awk '/^wrote /{ print $3 }' "work/augment-$name.log")
  if [ "$got" -lt "$n" ]; then
    note "NOTE augment_$name.conll: only $got unlabeled titles match the dictionary; all of them are used (asked $n)"
  fi
  check_conll "augment-$name" "augment_$name.conll"
}

# embed: vectors.vec on the union of this language's text (unlabeled.txt,
# pre-training sentences, NER sentences; repeated lines dropped), lowercased
# by embed itself when the language's prepare_* set EMBED_LOWERCASE=1
embed() {
  {
    cat unlabeled.txt
    cut -f2 pretrain_train.tsv pretrain_dev.tsv
    conll_text train.conll dev.conll test.conll
  } | dedup_lines >work/embed_text.txt
  local lines words epochs
  lines=$(wc -l <work/embed_text.txt)
  words=$(wc -w <work/embed_text.txt)
  epochs=$EMBED_EPOCHS
  if [ "$lines" -gt "$EMBED_MAX_LINES" ]; then
    epochs=$(( EMBED_EPOCHS * EMBED_MAX_LINES / lines ))
    [ "$epochs" -ge 1 ] || epochs=1
  fi
  local lowercase=()
  [ "${EMBED_LOWERCASE:-0}" = 1 ] && lowercase=(--lowercase)
  note "embedding text: $lines lines, $words tokens (unlabeled + pre-training + NER, repeated lines dropped), sha256 $(sha256sum work/embed_text.txt | cut -c1-64); epochs $epochs${lowercase:+; lowercased by embed --lowercase}"
  step embed "$J" embed --in work/embed_text.txt --out vectors.vec --dim 300 --epoch "$epochs" \
    --threads 1 --min-count 2 "${lowercase[@]}"
  note "vectors.vec: $(awk 'NR == 1 { print $1 " words x " $2 " dims"; exit }' vectors.vec)"
}

# ---------------------------------------------------------------- id
prepare_id() {
  local d=$DATA/id
  # NER: 1709 ENAMEX titles, 5 unparseable lines skipped, 1000/354/355 (seed 2020)
  step ner-enamex "$J" data import --format enamex --in "$d/prodattr_enamex.txt" --out . --max-skip 5 --seed "$SEED"
  # pre-training: NDSC titles, 3-class domain label, repeated titles dropped,
  # shuffled, the first PRETRAIN_DEV lines are dev
  step pretrain-ndsc-domain "$J" data import --format csv-title \
    --in "$d/ndsc_beauty.csv,$d/ndsc_fashion.csv,$d/ndsc_mobile.csv" --label-map domain --out work/ndsc_domain.tsv
  awk -F'\t' '!seen[$2]++' work/ndsc_domain.tsv | shuffle_lines "$SEED" >work/ndsc_shuffled.tsv
  note "pre-training: $(wc -l <work/ndsc_domain.tsv) NDSC titles, $(wc -l <work/ndsc_shuffled.tsv) after dropping repeated titles (first kept); shuffled (seed $SEED), first $PRETRAIN_DEV -> pretrain_dev.tsv"
  awk -v n="$PRETRAIN_DEV" 'NR <= n' work/ndsc_shuffled.tsv >pretrain_dev.tsv
  awk -v n="$PRETRAIN_DEV" 'NR > n' work/ndsc_shuffled.tsv >pretrain_train.tsv
  # unlabeled: NDSC titles (all three domains) + the 40k unlabelled mobile titles
  step unlabeled-ndsc-mobile "$J" data import --format csv-title --in "$d/ndsc_mobile_UNLABELLED.csv" \
    --out work/ndsc_unlabelled.txt --max-skip 1
  { cut -f2 work/ndsc_domain.tsv; cat work/ndsc_unlabelled.txt; } >work/unlabeled_all.txt
  dedup_lines <work/unlabeled_all.txt >unlabeled.txt
  note "unlabeled.txt: $(wc -l <work/unlabeled_all.txt) NDSC titles (labelled + UNLABELLED), $(wc -l <unlabeled.txt) after dropping repeated lines"
  # The NDSC titles are lowercased (digits stripped) and the ENAMEX titles are
  # not, so the dictionary matches case-folded: a case-sensitive one misses
  # every capitalised entity ("Wardah" vs "wardah").
  augment 10000 10k --fold-case
  augment 50000 50k --fold-case
  # The vectors are trained on the lowercased text for the same reason. On
  # the mixed text, 46% of the NER training tokens found a cased vector of
  # their own, learnt from about 10 occurrences in the ENAMEX titles, where
  # the lowercase form has about 1,000 in NDSC; NER-only then scored 29.6 F1,
  # below a dictionary lookup of the training entities (README).
  EMBED_LOWERCASE=1
}

# ---------------------------------------------------------------- th
prepare_th() {
  local d=$DATA/th
  # NER: ThaiNER 1.3, 1000/500/500 sample (seed 2020); its rest is unlabeled text
  step ner-thainer "$J" data import --format bio --in "$d/thainer13.conll" --out . \
    --split "${NER_SPLIT[0]},${NER_SPLIT[1]},${NER_SPLIT[2]}" --seed "$SEED"
  mv unlabeled.txt work/thainer_rest.txt
  # pre-training: Wisesight sentiment, its own train/valid split, ICU-segmented
  step pretrain-wisesight-train "$J" data import --format jsonl --in "$d/wisesight_splits.zip" \
    --member data/train.jsonl --out pretrain_train.tsv
  step pretrain-wisesight-valid "$J" data import --format jsonl --in "$d/wisesight_splits.zip" \
    --member data/valid.jsonl --out pretrain_dev.tsv
  step unlabeled-wisesight-test "$J" data import --format jsonl --in "$d/wisesight_splits.zip" \
    --member data/test.jsonl --out work/wisesight_test.txt
  # unlabeled: every Wisesight text + the ThaiNER sentences outside the NER sample
  { cut -f2 pretrain_train.tsv pretrain_dev.tsv; cat work/wisesight_test.txt work/thainer_rest.txt; } >work/unlabeled_all.txt
  dedup_lines <work/unlabeled_all.txt >unlabeled.txt
  note "unlabeled.txt: $(( $(wc -l <work/unlabeled_all.txt) - $(wc -l <work/thainer_rest.txt) )) Wisesight texts (train+valid+test) + $(wc -l <work/thainer_rest.txt) ThaiNER sentences outside the NER sample = $(wc -l <work/unlabeled_all.txt); $(wc -l <unlabeled.txt) after dropping repeated lines"
  augment 10000 10k
  augment 50000 50k
}

# ---------------------------------------------------------------- vi
prepare_vi() {
  local d=$DATA/vi tiki vnx
  tiki=$(ls "$d"/tiki_*.csv | paste -sd, -)
  vnx=$(ls "$d"/vnexpress_*.txt | paste -sd, -)
  # all Tiki titles: category label, weak BRAND spans, case-folded duplicates dropped
  step tiki "$J" data import --format tiki --in "$tiki" --out work/tiki.conll
  # tiki_split_{val,test}.csv are lowercased, punctuation-stripped copies of
  # many titles of the other files, which the importer's case-folded check
  # does not see: drop titles whose lowercased letters and digits repeat an
  # earlier title's (the first, original-case one is kept)
  conll_records work/tiki.conll |
    awk -F'\t' '{ print NR "\t" $0 }' >work/tiki_records.tsv
  cut -f3 work/tiki_records.tsv | sed 's/.*/\L&/; s/[^[:alnum:]]//g' |
    paste - work/tiki_records.tsv | awk -F'\t' '!seen[$1]++' | cut -f2- >work/tiki_unique.tsv
  note "tiki: $(wc -l <work/tiki_records.tsv) titles from the importer, $(wc -l <work/tiki_unique.tsv) after dropping near-duplicates (same lowercased letters and digits; first kept)"
  # deterministic shuffle; 1000/500/500 NER, the rest is the pre-training pool
  shuffle_lines "$SEED" <work/tiki_unique.tsv >work/tiki_shuffled.tsv
  local a=${NER_SPLIT[0]} b=$(( NER_SPLIT[0] + NER_SPLIT[1] )) c=$(( NER_SPLIT[0] + NER_SPLIT[1] + NER_SPLIT[2] ))
  # NER splits keep the file order (as the importers' own splits do)
  awk -v a=0 -v b="$a" 'NR > a && NR <= b' work/tiki_shuffled.tsv | sort -s -n -k1,1 | cut -f2- | records_to_conll >train.conll
  awk -v a="$a" -v b="$b" 'NR > a && NR <= b' work/tiki_shuffled.tsv | sort -s -n -k1,1 | cut -f2- | records_to_conll >dev.conll
  awk -v a="$b" -v b="$c" 'NR > a && NR <= b' work/tiki_shuffled.tsv | sort -s -n -k1,1 | cut -f2- | records_to_conll >test.conll
  awk -v c="$c" 'NR > c' work/tiki_shuffled.tsv | cut -f2,3 >work/tiki_pool.tsv
  # category mix of each split: every category in every split, none above half
  {
    echo "## category mix (titles per category: all / train / dev / test / pre-training pool)"
    for f in work/tiki_unique.tsv train.conll dev.conll test.conll work/tiki_pool.tsv; do
      case $f in *.conll) conll_records "$f" | cut -f1 ;; *unique*) cut -f2 "$f" ;; *) cut -f1 "$f" ;; esac |
        sort | uniq -c | awk -v f="$(basename "$f")" '{ print f "\t" $2 "\t" $1 }'
    done | awk -F'\t' '{ n[$2, $1] = $3; cats[$2]; total[$1] += $3 }
      END { for (c in cats) printf "%-28s %5d %5d %5d %5d %5d\n", c, n[c, "tiki_unique.tsv"], n[c, "train.conll"],
                                  n[c, "dev.conll"], n[c, "test.conll"], n[c, "tiki_pool.tsv"]
            for (c in cats) for (f in total) if (f != "tiki_pool.tsv" && (n[c, f] == 0 || n[c, f] > total[f] / 2))
              print "DEGENERATE " f " " c " " n[c, f] > "/dev/stderr" }' 2>work/degenerate.txt | sort
    echo
  } >>counts.txt
  sed -n '/^## category mix/,/^$/p' counts.txt | sed 's/^/  /'
  [ ! -s work/degenerate.txt ] || { cat work/degenerate.txt >&2; die "vi: degenerate category mix"; }
  # pre-training: the pool (shuffled), first PRETRAIN_DEV lines dev
  awk -v n="$PRETRAIN_DEV" 'NR <= n' work/tiki_pool.tsv >pretrain_dev.tsv
  awk -v n="$PRETRAIN_DEV" 'NR > n' work/tiki_pool.tsv >work/pretrain_tiki.tsv
  step vnexpress "$J" data import --format class-files --in "$vnx" --out work/vnexpress.tsv --max-skip 1
  local tiki_train
  tiki_train=$(wc -l <work/pretrain_tiki.tsv)
  if [ "$tiki_train" -lt "$VI_MIN_PRETRAIN" ]; then
    cat work/pretrain_tiki.tsv work/vnexpress.tsv | shuffle_lines "$SEED" >pretrain_train.tsv
    note "NOTE pre-training: only $tiki_train Tiki titles remain for pretrain_train.tsv (< $VI_MIN_PRETRAIN): the $(wc -l <work/vnexpress.tsv) VnExpress news titles (8 news classes) are added, shuffled in (seed $SEED); pretrain_dev.tsv is Tiki only ($PRETRAIN_DEV titles)"
  else
    cp work/pretrain_tiki.tsv pretrain_train.tsv
    note "pre-training: $tiki_train Tiki titles in pretrain_train.tsv, $PRETRAIN_DEV in pretrain_dev.tsv (VnExpress not needed)"
  fi
  # unlabeled: the Tiki titles outside the NER splits (so augmentation never
  # adds a dev or test title) + the VnExpress news titles
  { cut -f2 work/tiki_pool.tsv; cut -f2 work/vnexpress.tsv; } >work/unlabeled_all.txt
  dedup_lines <work/unlabeled_all.txt >unlabeled.txt
  note "unlabeled.txt: $(wc -l <work/tiki_pool.tsv) Tiki titles outside the NER splits + $(wc -l <work/vnexpress.tsv) VnExpress titles = $(wc -l <work/unlabeled_all.txt); $(wc -l <unlabeled.txt) after dropping repeated lines"
  augment 10000 10k
  augment 50000 50k
}

# ---------------------------------------------------------------- main
say "prepare.sh: data $DATA, jointner $J, out $OUT, seed $SEED, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "jointner commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (working tree modified)'); $(dpkg-query -W -f='fasttext ${Version}' fasttext 2>/dev/null || echo 'fasttext version unknown')"
T_ALL=$(now)
for LANG_NAME in $LANGS; do
  say "== $LANG_NAME"
  t0=$(now)
  dir=$OUT/$LANG_NAME.partial
  rm -rf "$dir" && mkdir -p "$dir/work"
  cd "$dir"
  echo "# counts for $LANG_NAME (prepare.sh, seed $SEED); \$DATA = the public data directory" >counts.txt
  echo >>counts.txt
  EMBED_LOWERCASE=0
  "prepare_$LANG_NAME"
  for k in train dev test; do check_conll "$k" "$k.conll"; done
  tsv_stats pretrain_train pretrain_train.tsv
  tsv_stats pretrain_dev pretrain_dev.tsv
  echo "## unlabeled.txt" >>counts.txt
  echo "lines $(wc -l <unlabeled.txt) tokens $(wc -w <unlabeled.txt)" >>counts.txt
  echo >>counts.txt
  if [ "${JOINTNER_PREP_NO_EMBED:-0}" = 1 ]; then note "vectors.vec: skipped (JOINTNER_PREP_NO_EMBED=1)"; else embed; fi
  # the main counts in the summary
  for k in train dev test augment-10k augment-50k; do
    say "  $(printf '%-12s' "$k") $(awk '/^sentences |^entity |^entities |^labels /' "work/check-$k.log" | sed 's/^entity //' | paste -sd' ' -)"
  done
  for k in pretrain_train pretrain_dev; do
    say "  $(printf '%-15s' "$k.tsv") lines $(wc -l <"$k.tsv") $(label_counts "$k.tsv" | sed 's/^label //' | paste -sd' ' -)"
  done
  say "  unlabeled.txt   lines $(wc -l <unlabeled.txt)"
  [ ! -f vectors.vec ] || say "  vectors.vec     $(awk 'NR == 1 { print $1 " words"; exit }' vectors.vec)"
  rm -rf work
  sha256sum train.conll dev.conll test.conll pretrain_train.tsv pretrain_dev.tsv unlabeled.txt \
    augment_10k.conll augment_50k.conll $(ls vectors.vec 2>/dev/null) >sha256sums.txt
  cd "$OUT"
  rm -rf "${OUT:?}/$LANG_NAME" && mv "$dir" "$OUT/$LANG_NAME"
  say "  $LANG_NAME total $(elapsed "$t0" "$(now)") s"
done
say "all done in $(elapsed "$T_ALL" "$(now)") s"
