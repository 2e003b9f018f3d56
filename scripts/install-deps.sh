#!/bin/sh
# install-deps.sh - make sure Debian's packages that Levera builds and tests
# with are installed.  As root it runs apt-get; otherwise it names what is
# missing and stops, so nothing is installed behind anyone's back.
# chromium and chromium-driver run the web interface's tests (make ui-test).
set -eu

PACKAGES="gcc make pkg-config tzdata libjansson-dev libical-dev libmicrohttpd-dev libsqlite3-dev libsodium-dev
	libcairo2-dev libpango1.0-dev libxlsxwriter-dev fonts-dejavu-core
	libcriterion-dev python3 python3-pytest python3-requests python3-jsonschema python3-openpyxl poppler-utils wrk
	chromium chromium-driver"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "levera: these Debian packages are missing:$missing" >&2
	echo "levera: install them with: sudo apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
