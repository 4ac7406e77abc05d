# checks.sh: assertions for the shell tests that report every failure
# before they exit (sourced; needs JOINTNER and WORK from ctest). Starts in
# a fresh $WORK; a failed check sets fail=1, and the test ends `exit $fail`.
set -u
source "$SRC/tests/need.sh"
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
J=$JOINTNER
fail=0
ok() { "$@" >out.txt 2>err.txt || { echo "FAIL (exit $?): $*"; cat err.txt; fail=1; }; }
bad() { # bad TEXT command...: must exit 2 with TEXT (a fixed string) on stderr
  local text=$1; shift
  "$@" >out.txt 2>err.txt; local rc=$?
  if [ $rc -ne 2 ]; then echo "FAIL (exit $rc, want 2): $*"; cat err.txt; fail=1;
  elif ! grep -qF -- "$text" err.txt; then echo "FAIL (no '$text'): $*"; cat err.txt; fail=1; fi
}
has() { grep -qxF -- "$1" "$2" || { echo "FAIL: line '$1' not in $2:"; cat "$2"; fail=1; }; }
same() { cmp -s "$1" "$2" || { echo "FAIL: $1 differs from $2:"; diff "$1" "$2" | head; fail=1; }; }
