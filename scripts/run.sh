#!/bin/sh
# run.sh - `make run`: a new database gets the demo organisation (about
# 20,000 tickets over the past year), then the server runs on it until
# Ctrl-C.  LEVERA_DB and LEVERA_LISTEN override the defaults.
set -eu
cd "$(dirname "$0")/.."
db=${LEVERA_DB:-data/levera.db}
listen=${LEVERA_LISTEN:-127.0.0.1:8080}
if [ ! -f "$db" ]; then
	echo "levera: creating $db with the demo organisation"
	build/levera demo --db "$db"
fi
echo "levera: serving $db; open http://$listen/ in a browser (Ctrl-C stops)"
exec build/levera serve --db "$db" --listen "$listen"
