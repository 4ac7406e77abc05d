#!/usr/bin/env bash
# test_layers.sh: the layers of ARCHITECTURE.md hold. A folder includes
# headers of its own layer and the ones below only:
#   model/ < data/ < runner/ (the one-run core) < runner/tables/
#   < runner/grid/ < runner/slurm/ < runner/main.c, runner/commands.c
# and no two files call each other (a.c includes b.h while b.c includes a.h).
set -euo pipefail
shopt -s nullglob
cd "${SRC:?SRC (the source tree) is required}"
fail=0
# forbid FILES PREFIX...: FILES include no header under any PREFIX
forbid() {
  local files=$1 hits
  shift
  for prefix in "$@"; do
    # shellcheck disable=SC2086
    hits=$(grep -Hn "#include \"$prefix" $files 2>/dev/null || true)
    if [ -n "$hits" ]; then
      echo "FAIL: a layer includes one above it ($prefix):"
      echo "$hits"
      fail=1
    fi
  done
}
forbid "model/*.[ch]" data/ runner/
forbid "data/*.[ch]" runner/
forbid "$(ls runner/*.[ch] | grep -v -e '^runner/main\.c$' -e '^runner/commands\.c$' | tr '\n' ' ')" \
  runner/tables/ runner/grid/ runner/slurm/
forbid "runner/tables/*.[ch]" runner/grid/ runner/slurm/
forbid "runner/grid/*.[ch]" runner/slurm/

# include circles between two files: a.c -> b.h and b.c -> a.h
pairs=$(for c in model/*.c data/*.c runner/*.c runner/*/*.c; do
  sed -n "s|^#include \"\\(.*\\)\\.h\".*|${c%.c} \\1|p" "$c"
done | awk '$1 != $2')
circles=$(awk '{seen[$1 " " $2] = 1} END {for (k in seen) {split(k, p, " "); if ((p[2] " " p[1]) in seen && p[1] < p[2]) print p[1] " <-> " p[2]}}' <<< "$pairs")
if [ -n "$circles" ]; then
  echo "FAIL: files that call each other:"
  echo "$circles"
  fail=1
fi
[ $fail = 0 ] && echo "layers hold; no include circles"
exit $fail
