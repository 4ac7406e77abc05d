#!/bin/bash
# results/pretrain-scaling/summarize.sh DIR: the pre-training scaling study
# (run.sh) as Markdown on stdout, from DIR/global-{32,128,512}/: per
# language and global batch, the pre-trained classifier's dev accuracy and
# macro-F1 and the test F1 of Joint + Pre-trained fine-tuned from it, as
# mean, std and 95% t-interval over the seeds, and each batch's difference
# from global batch 32 with its 95% Welch interval; then every run's values
# (runs.tsv beside this script gets the same lines, to commit).
# JOINTNER names the binary (default build/jointner).
set -euo pipefail
DIR=$1
HERE=$(cd "$(dirname "$0")" && pwd)
J=${JOINTNER:-build/jointner}
value() { h5dump -a "/final/$2" "$1" | awk '/\(0\)/ {print $2}'; }
seconds() { h5dump -d /metrics/seconds "$1" | awk '/\([0-9]+\)/ {sub(/.*\): /, ""); n = split($0, v, /, */); for (i = 1; i <= n; i++) s += v[i]} END {printf "%.0f", s}'; }
RUNS=$HERE/runs.tsv
printf "global_batch\tlanguage\tseed\tpretrain_record\tpretrain_seconds\tdev_accuracy\tdev_macro_f1\tjoint_pretrained_test_f1\n" > "$RUNS"
for batch in 32 128 512; do
  d=$DIR/global-$batch
  [ -f "$d/plan.json" ] || { echo "summarize.sh: $d/plan.json missing (run run.sh)" >&2; exit 1; }
  "$J" tables "$d" --out "$d/tables" > /dev/null 2> "$d/tables.log"
  # plan.json: one pre-training per language and seed
  awk -v b="$batch" '
    /"kind":/ {gsub(/[",]/, "", $2); kind = $2}
    /"record":/ {gsub(/[",]/, "", $2); rec = $2}
    /"language":/ {gsub(/[",]/, "", $2); lang = $2}
    /"seed":/ {gsub(/[",]/, "", $2); if (kind == "pretrain") print b, lang, $2, rec}' "$d/plan.json" |
  while read -r b lang seed rec; do
    [ -f "$rec" ] || { echo "summarize.sh: $rec missing" >&2; exit 1; }
    f1=$(awk -F'\t' -v l="$lang" -v s="$seed" '$3 == l && $5 == "Joint + Pre-trained" && $7 == s {print $12}' "$d/tables/runs.tsv")
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$b" "$lang" "$seed" "$(basename "$rec")" "$(seconds "$rec")" \
      "$(value "$rec" dev_accuracy)" "$(value "$rec" dev_macro_f1)" "${f1:-NA}" >> "$RUNS"
  done
done
awk -F'\t' '
  function tq(df) { # two-sided 95% t quantile, df rounded down (conservative)
    split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228", q, " ")
    df = int(df); return df < 1 ? 12.706 : df <= 10 ? q[df] : 2.2 }
  function stats(key, col,   i, n, m, s) {
    n = count[key]; m = 0; for (i = 1; i <= n; i++) m += val[key, col, i]; m /= n
    s = 0; for (i = 1; i <= n; i++) s += (val[key, col, i] - m) ^ 2; s = n > 1 ? sqrt(s / (n - 1)) : 0
    M[key, col] = m; S[key, col] = s; N[key, col] = n
    return sprintf("%.2f ± %.2f [%.2f, %.2f]", m, s, m - tq(n - 1) * s / sqrt(n), m + tq(n - 1) * s / sqrt(n)) }
  function welch(a, b, col,   va, vb, se, df, d) {
    va = S[a, col] ^ 2 / N[a, col]; vb = S[b, col] ^ 2 / N[b, col]; se = sqrt(va + vb); d = M[a, col] - M[b, col]
    if (se == 0) return sprintf("%+.2f", d)
    df = (va + vb) ^ 2 / (va ^ 2 / (N[a, col] - 1) + vb ^ 2 / (N[b, col] - 1))
    return sprintf("%+.2f [%+.2f, %+.2f]", d, d - tq(df) * se, d + tq(df) * se) }
  NR > 1 { key = $1 SUBSEP $2; c = ++count[key]; val[key, 6, c] = $6; val[key, 7, c] = $7; val[key, 8, c] = $8
           secs[key] += $5; langs[$2] = 1 }
  END {
    print "| language | global batch | seeds | pre-training dev accuracy | dev macro-F1 | Joint + Pre-trained test F1 | Δ accuracy vs 32 | Δ test F1 vs 32 | pre-training s/run |"
    print "|---|---|---|---|---|---|---|---|---|"
    n = 0; for (l in langs) names[++n] = l
    for (i = 2; i <= n; i++) for (j = i; j > 1 && names[j - 1] > names[j]; j--) { t = names[j]; names[j] = names[j - 1]; names[j - 1] = t }
    for (li = 1; li <= n; li++) for (bi = 1; bi <= 3; bi++) {
      l = names[li]
      b = bi == 1 ? 32 : bi == 2 ? 128 : 512; key = b SUBSEP l; if (!(key in count)) continue
      a = stats(key, 6); f = stats(key, 7); t = stats(key, 8)
      base = 32 SUBSEP l
      printf "| %s | %d | %d | %s | %s | %s | %s | %s | %.0f |\n", l, b, count[key], a, f, t,
             b == 32 ? "" : welch(key, base, 6), b == 32 ? "" : welch(key, base, 8), secs[key] / count[key]
    }
  }' "$RUNS"
echo
echo "Mean ± std [95% t-interval] over the seeds; Δ: the difference of means from global batch 32 with its 95% Welch interval. Every run: \`results/pretrain-scaling/runs.tsv\`."
