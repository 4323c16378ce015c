#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A pinentry that asks nobody: it answers gpg-agent's GETPIN with the first
# line of the file $UIMKEY_PIN_FILE, which must be of mode 0600.  For tests
# of GnuPG with a card; speaks the Assuan pinentry protocol on stdin/stdout.
file=${UIMKEY_PIN_FILE:-}
echo "OK Pleased to meet you"
while IFS= read -r line; do
	case "$line" in
	GETPIN*)
		if [ -z "$file" ] || [ ! -f "$file" ]; then
			echo "ERR 83886179 no PIN file (UIMKEY_PIN_FILE) <Pinentry>"
		elif [ "$(stat -c %a "$file")" != 600 ]; then
			echo "ERR 83886179 $file is not of mode 0600 <Pinentry>"
		else
			# Assuan data lines escape %, CR and LF.
			pin=$(head -n 1 "$file" | sed 's/%/%25/g; s/\r/%0D/g')
			printf 'D %s\nOK\n' "$pin"
		fi
		;;
	"GETINFO pid") printf 'D %s\nOK\n' "$$" ;;
	"GETINFO flavor") printf 'D file\nOK\n' ;;
	"GETINFO version") printf 'D 1.0\nOK\n' ;;
	BYE*) echo "OK closing connection"; exit 0 ;;
	# OPTION, SETDESC, SETPROMPT, SETKEYINFO, CONFIRM, MESSAGE, …
	*) echo "OK" ;;
	esac
done
