#!/bin/sh
# mk/deps.sh PACKAGE...: installs the Debian packages that are missing
# (apt-get, when run as root), or says which to install and fails.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all Debian packages present"
elif [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
	echo "deps: run as root: apt-get install$missing" >&2
	exit 1
fi
