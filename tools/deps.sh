#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Make sure every Debian package in tools/debian-packages.txt is installed.
# As root: install what is missing (apt-get update once, then install -y).
# Otherwise: print the exact command to run and fail.
set -eu
here=$(dirname "$0")
list="$here/debian-packages.txt"

missing=""
for pkg in $(grep -v '^[[:space:]]*#' "$list"); do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "uimkey needs these Debian packages:$missing" >&2
	echo "install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
