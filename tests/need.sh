# need.sh: `need COMMAND WHY` skips the test (exit 77, its reason on
# stderr) when COMMAND is not on the PATH. Sourced by lib.sh, checks.sh and
# slurm_lib.sh.
need() { command -v "$1" >/dev/null || { echo "SKIP: $1 not found: $2" >&2; exit 77; }; }
