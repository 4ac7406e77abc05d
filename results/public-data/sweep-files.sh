#!/usr/bin/env bash
# sweep-files.sh: the protocol sweep's own files that are committed beside
# its tables, so that they outlive the machine:
#
#   arithmetic.tsv  the arithmetics the sweep has run on (arithmetic.sh)
#   status.log      every job's attempts on the workers (the coordinator's
#                   log), from which `grid --dry-run` reports the hours
#                   spent and estimates the hours left
#
#   sweep-files.sh commit RECORDS COMMITTED   copy each file RECORDS has to
#                                            COMMITTED (make-tables.sh)
#   sweep-files.sh restore COMMITTED RECORDS  copy each file COMMITTED has
#                                            and RECORDS lacks to RECORDS
#                                            (run-protocol.sh on a new
#                                            machine)
#
# A copy goes through a temporary file and a rename, so a reader never sees
# half a file; a destination that exists but is not a regular file (a
# folder, a symbolic link) is never replaced: exit 1, naming it.
set -euo pipefail
usage() {
  echo "usage: sweep-files.sh commit RECORDS COMMITTED | restore COMMITTED RECORDS" >&2
  exit 2
}
[ $# = 3 ] || usage
MODE=$1 FROM=$2 TO=$3
case $MODE in commit | restore) ;; *) usage ;; esac
mkdir -p "$TO"
for name in arithmetic.tsv status.log; do
  [ -f "$FROM/$name" ] || continue
  if [ -e "$TO/$name" ] || [ -L "$TO/$name" ]; then
    if [ -L "$TO/$name" ] || [ ! -f "$TO/$name" ]; then
      echo "sweep-files.sh: $TO/$name is not a regular file; not replaced" >&2
      exit 1
    fi
    [ "$MODE" = restore ] && continue # the records' own file stands
  fi
  cp "$FROM/$name" "$TO/$name.new"
  mv "$TO/$name.new" "$TO/$name"
done
