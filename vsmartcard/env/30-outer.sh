# SPDX-License-Identifier: BSD-2-Clause
# ------------------------------------------------------------------- outer

outer_pid=     # unshare
outer_sig=     # the signal we were asked to stop with
outer_early=   # it came before init could take it: all was killed

# Signal number of INT, TERM or HUP, in signo (no subshell: traps run it).
signo_of() {
	case $1 in
	HUP) signo=1 ;;
	INT) signo=2 ;;
	TERM) signo=15 ;;
	esac
}

forward() {
	local init= k v caught=0 ignored=0 signo
	outer_sig=$1
	[ -n "$outer_pid" ] || return
	if [ -e "/proc/$outer_pid/task/$outer_pid/children" ]; then
		read -r init _ <"/proc/$outer_pid/task/$outer_pid/children"
	else
		init=$(pgrep -P "$outer_pid")
	fi
	if [ -n "$init" ]; then
		signo_of "$1"
		while read -r k v; do
			case $k in
			SigIgn:) ignored=$((16#$v >> (signo - 1) & 1)) ;;
			SigCgt:) caught=$((16#$v >> (signo - 1) & 1)) ;;
			esac
		done <"/proc/$init/status" 2>/dev/null
		if [ "$caught" = 1 ]; then
			kill -s "$1" "$init" 2>/dev/null
			return
		fi
		# Ignored: init is tearing down already.
		[ "$ignored" = 0 ] || return
	fi
	# No handler yet (pid 1 would drop the signal): init sets its traps
	# before it starts anything, so there is nothing to tear down.
	outer_early=1
	kill -s KILL "$outer_pid" 2>/dev/null
}

outer() {
	local b rc r signo
	local -a ns=(--mount --net --pid --fork --kill-child --mount-proc)

	parse_args "$@"
	for b in "$bindir/uimkey-card" "$bindir/uimkey-wait"; do
		[ -x "$b" ] || { msg "$b is missing (make it first)"; exit "$EXIT_ENV"; }
	done
	[ -e "$VPCD_DRIVER" ] ||
		{ msg "$VPCD_DRIVER is missing (install vsmartcard-vpcd)"; exit "$EXIT_ENV"; }
	for b in unshare setpriv setsid flock ip pcscd; do
		PATH=$PATH:/usr/sbin:/sbin command -v "$b" >/dev/null ||
			{ msg "$b not found"; exit "$EXIT_ENV"; }
	done
	# Without root, a user namespace makes us root inside it.
	[ "$EUID" -eq 0 ] || ns=(--user --map-root-user "${ns[@]}")

	# unshare blocks INT and TERM while it waits for its child, so they
	# are passed on to init by hand.
	trap 'forward INT' INT
	trap 'forward TERM' TERM
	trap 'forward HUP' HUP
	# An asynchronous command starts with INT and QUIT ignored, and init
	# could not trap an INT ignored on entry: restore them.  Keep stdin,
	# which '&' would replace with /dev/null: COMMAND may be a shell.
	( trap - INT QUIT
	  exec setpriv --pdeathsig KILL unshare "${ns[@]}" -- \
		"$self" "$INNER_FLAG" "$@" ) <&0 &
	outer_pid=$!
	# (wait's stderr: no "Killed" notice for an unshare we killed.)
	while :; do
		wait "$outer_pid" 2>/dev/null
		rc=$?
		kill -0 "$outer_pid" 2>/dev/null || break
	done
	# A trap may have cut the last wait short just as unshare ended.
	if [ "$rc" -gt 128 ]; then
		wait "$outer_pid" 2>/dev/null
		r=$?
		[ "$r" -eq 127 ] || rc=$r
	fi
	# Die of the signal we were stopped with, so our caller sees it.
	if [ -n "$outer_sig" ]; then
		signo_of "$outer_sig"
		if [ -n "$outer_early" ] || [ "$rc" -eq $((128 + signo)) ]; then
			trap - "$outer_sig"
			kill -s "$outer_sig" $$
		fi
	fi
	exit "$rc"
}

