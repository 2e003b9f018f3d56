#!/bin/sh
# run.sh - `make run`: shows the business-time engine on the example
# calendar.  (The server, `levera serve` with demo data, arrives with the
# service desk core; until then this is what Levera runs.)
set -eu
cd "$(dirname "$0")/.."
cal=examples/copenhagen-office.json
echo "\$ build/levera calendar check $cal"
build/levera calendar check "$cal"
echo
echo "\$ printf '2026-03-02T08:15:00Z 4h\\n2026-12-23T14:00:00Z 2h\\n' | build/levera calendar due $cal"
printf '2026-03-02T08:15:00Z 4h\n2026-12-23T14:00:00Z 2h\n' | build/levera calendar due "$cal"
echo
echo "\$ echo '2026-03-02T00:00:00Z 2026-03-09T00:00:00Z' | build/levera calendar elapsed $cal"
echo '2026-03-02T00:00:00Z 2026-03-09T00:00:00Z' | build/levera calendar elapsed "$cal"
echo
echo "Try: build/levera --help"
