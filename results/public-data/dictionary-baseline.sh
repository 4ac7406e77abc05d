#!/usr/bin/env bash
# dictionary-baseline.sh TRAIN.conll TEST.conll: a floor for the NER models.
#
# Tags TEST by a dictionary of TRAIN's entity strings, with no model at all:
# every entity of TRAIN, its tokens case-folded (ASCII), is an entry of the
# type it had most often (ties: the type first in byte order); TEST is
# tagged left to right by the longest entry that starts at each token. The
# spans found are scored against TEST's own as conlleval scores chunks
# (exact span and type; IOBES or BIO), and one line is printed:
#   precision P recall R FB1 F found N correct C phrases G
# A model that scores below this has not learnt what the training set
# says of its own entity strings.
set -euo pipefail
[ $# = 2 ] || { echo "usage: $0 TRAIN.conll TEST.conll" >&2; exit 2; }
for f in "$1" "$2"; do [ -f "$f" ] && [ -s "$f" ] || { echo "$0: $f: no such file, or empty" >&2; exit 2; }; done
LC_ALL=C awk -F'\t' '
  # conlleval: does a chunk end before (prev tag, prev type) / start at (tag, type)?
  function ends(pt, pty, t, ty) {
    return (pt == "E" || pt == "S") || ((pt == "B" || pt == "I") && (t == "B" || t == "S" || t == "O" || ty != pty))
  }
  function starts(pt, pty, t, ty) {
    return (t == "B" || t == "S") || ((t == "I" || t == "E") && (pt == "E" || pt == "S" || pt == "O" || ty != pty))
  }
  # spans of the sentence in tok[1..n], tag[1..n] -> span_type["a b"], returns how many
  function spans(span_type,    i, t, ty, pt, pty, start, k) {
    split("", span_type); k = 0; pt = "O"; pty = ""; start = 0
    for (i = 1; i <= n + 1; i++) {
      if (i <= n && tag[i] != "O") { t = substr(tag[i], 1, 1); ty = substr(tag[i], 3) } else { t = "O"; ty = "" }
      if (start && ends(pt, pty, t, ty)) { span_type[start " " (i - 1)] = pty; k++; start = 0 }
      if (t != "O" && starts(pt, pty, t, ty)) start = i
      pt = t; pty = ty
    }
    return k
  }
  function phrase(a, b,    s, i) { s = tolower(tok[a]); for (i = a + 1; i <= b; i++) s = s " " tolower(tok[i]); return s }
  function learn(    sp, key, ab, p) {
    spans(sp)
    for (key in sp) {
      split(key, ab, " "); p = phrase(ab[1] + 0, ab[2] + 0)
      count[p SUBSEP sp[key]]++
      if (ab[2] - ab[1] + 1 > longest) longest = ab[2] - ab[1] + 1
    }
  }
  function tag_and_score(    gold, found, i, L, p, key) {
    gold_n += spans(gold)
    split("", found)
    for (i = 1; i <= n; ) {
      for (L = (n - i + 1 < longest ? n - i + 1 : longest); L >= 1; L--) {
        p = phrase(i, i + L - 1)
        if (p in best) { found[i " " (i + L - 1)] = best[p]; found_n++; break }
      }
      i += L >= 1 ? L : 1
    }
    for (key in found) if ((key in gold) && gold[key] == found[key]) correct++
  }
  function sentence_end() {
    if (n) { if (picked) tag_and_score(); else learn() }
    n = 0
  }
  FNR == 1 && NR > 1 && !picked {
    sentence_end() # the last sentence of TRAIN, when no blank line ends it
    # the type each dictionary entry had most often
    for (k in count) {
      split(k, pt, SUBSEP)
      if (!(pt[1] in best) || count[k] > count[pt[1] SUBSEP best[pt[1]]] ||
          (count[k] == count[pt[1] SUBSEP best[pt[1]]] && pt[2] < best[pt[1]])) best[pt[1]] = pt[2]
    }
    picked = 1
  }
  /^# / && n == 0 { next }
  NF == 0 { sentence_end(); next }
  NF != 2 { printf "%s:%d: expected TOKEN<TAB>TAG, got %d fields\n", FILENAME, FNR, NF > "/dev/stderr"; bad = 1; exit 2 }
  $2 != "O" && $2 !~ /^[BIES]-./ { printf "%s:%d: tag \"%s\" is neither O nor B-, I-, E-, S- and a type\n", FILENAME, FNR, $2 > "/dev/stderr"; bad = 1; exit 2 }
  { n++; tok[n] = $1; tag[n] = $2 }
  END {
    if (bad) exit 2
    sentence_end()
    P = found_n ? 100 * correct / found_n : 0; R = gold_n ? 100 * correct / gold_n : 0
    printf "precision %.2f recall %.2f FB1 %.2f found %d correct %d phrases %d\n",
      P, R, P + R ? 2 * P * R / (P + R) : 0, found_n, correct, gold_n
  }
' "$1" "$2"
