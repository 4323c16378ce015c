# SPDX-License-Identifier: BSD-2-Clause
# ------------------------------------------------------------------- inner

pcscd_pid=
cmd_pid=
torn=

setup_namespace() {
	ip link set lo up || return 1
	if ! [ -d "$PCSCD_RUN" ] && ! mkdir -p "$PCSCD_RUN" 2>/dev/null; then
		# Not root outside: /run is not ours, so use a private one.
		mount -t tmpfs -o mode=0755 uimkey-env /run &&
			mkdir -p "$PCSCD_RUN" || return 1
	fi
	mount -t tmpfs -o mode=0755 uimkey-env "$PCSCD_RUN" || return 1
	# pcscd also takes every USB reader it finds in /sys, which would
	# steal the host's (a YubiKey, say) from the host's pcscd: show it a
	# driver directory with only the serial drivers in it.  (Bound twice,
	# not moved: a user namespace may not move a mount it inherited.)
	mkdir "$PCSCD_RUN/.serial" &&
		mount --bind "$PCSC_DRIVERS/serial" "$PCSCD_RUN/.serial" &&
		mount -t tmpfs -o mode=0755 uimkey-env "$PCSC_DRIVERS" &&
		mkdir "$PCSC_DRIVERS/serial" &&
		mount --bind "$PCSCD_RUN/.serial" "$PCSC_DRIVERS/serial"
}

setup_dir() {
	if [ -n "$dir" ]; then
		mkdir -p -- "$dir/reader.conf.d" &&
			dir=$(readlink -f -- "$dir") || return 1
	elif [ "$keep" = 1 ]; then
		dir=$(mktemp -d "${TMPDIR:-/tmp}/uimkey-env.XXXXXX") &&
			mkdir "$dir/reader.conf.d" || return 1
	else
		# On the private tmpfs: gone with the namespace, however it ends.
		dir=$PCSCD_RUN/env
		mkdir -p "$dir/reader.conf.d" || return 1
	fi
	# Pid files left by an earlier run in DIR are harmless: a card counts
	# as running only while it holds its store lock.  Logs and APDU counts
	# start afresh; they then run on across card-stop and card-start.
	local i
	for ((i = 0; i < MAX_CARDS; i++)); do
		: >"$dir/card$i.log"
		: >"$dir/card$i.apdus"
	done
	local hex reader r0
	printf -v hex '0x%X' "$port"
	reader_of 0
	r0=$reader
	reader_of 1
	printf '%s\n' \
		"# Written by $prog.  vpcd listens on the port in DEVICENAME and" \
		"# the next: readers \"$r0\" and \"$reader\"." \
		"FRIENDLYNAME \"$READER_NAME\"" \
		"DEVICENAME   /dev/null:$hex" \
		"LIBPATH      $VPCD_DRIVER" \
		"CHANNELID    $hex" \
		>"$dir/reader.conf.d/uimkey"
}

show_logs() {
	local f
	for f in "$dir/pcscd.log" "$dir"/card[0-9].log; do
		[ -s "$f" ] || continue
		echo "---- $f" >&2
		tail -n 60 "$f" >&2
	done
}

# Start pcscd and the cards and wait until PC/SC sees every card, or
# until one of them dies trying.
start_stack() {
	local i who rc wpid
	local -a pids=()

	# Info level: reader and card events, never APDUs (-a would log PINs).
	setsid pcscd -f -i -c "$dir/reader.conf.d" \
		</dev/null >"$dir/pcscd.log" 2>&1 &
	pcscd_pid=$!
	for ((i = 0; i < cards; i++)); do
		start_card "$i"
		pids+=("$card_pid")
	done
	"$bindir/uimkey-wait" --cards "$cards" --timeout "$START_TIMEOUT" &
	wpid=$!
	who=
	wait -n -p who "$wpid" "$pcscd_pid" "${pids[@]}"
	rc=$?
	[ "$who" = "$wpid" ] && [ "$rc" -eq 0 ] && return 0
	if [ "$who" != "$wpid" ]; then
		kill "$wpid" 2>/dev/null
		if [ "$who" = "$pcscd_pid" ]; then
			msg "pcscd exited (status $rc) while starting"
		else
			msg "a card exited (status $rc) while starting"
		fi
	fi
	msg "the environment did not come up"
	show_logs
	return 1
}

teardown() {
	local i pid
	trap '' INT TERM HUP
	[ -z "$torn" ] || return 0
	torn=1
	# COMMAND first, while the cards still answer, so it can clean up.
	if [ -n "$cmd_pid" ]; then
		kill -TERM "$cmd_pid" 2>/dev/null
		wait_children "$STOP_GRACE" "$cmd_pid" ||
			kill -KILL "$cmd_pid" 2>/dev/null
	fi
	local -a running=()
	for ((i = 0; i < MAX_CARDS; i++)); do
		read_pid "$i" && card_running "$i" || continue
		kill -TERM "$pid" 2>/dev/null
		running+=("$i")
	done
	[ -z "$pcscd_pid" ] || kill -TERM "$pcscd_pid" 2>/dev/null
	for i in "${running[@]+"${running[@]}"}"; do
		read_pid "$i"
		wait_card_gone "$i" "$STOP_GRACE" || kill -KILL "$pid" 2>/dev/null
	done
	if [ -n "$pcscd_pid" ]; then
		wait_children "$STOP_GRACE" "$pcscd_pid" ||
			kill -KILL "$pcscd_pid" 2>/dev/null
	fi
	# Whatever else COMMAND left behind dies with init, right after.
	[ "$keep" = 1 ] && [ -z "$user_dir" ] && msg "kept $dir"
	return 0
}

on_signal() {
	local signo
	# A second signal while the first one's teardown runs: let it finish.
	[ -z "$torn" ] || return 0
	teardown
	signo_of "$1"
	exit $((128 + signo))
}

user_dir=

inner() {
	local rc

	[ $$ -eq 1 ] || { msg "$INNER_FLAG is internal"; exit "$EXIT_ENV"; }
	# pid 1 gets no signal it has no handler for: set them first.
	trap 'on_signal INT' INT
	trap 'on_signal TERM' TERM
	trap 'on_signal HUP' HUP
	parse_args "$@"
	user_dir=$dir
	PATH=$PATH:/usr/sbin:/sbin
	if ! setup_namespace; then
		msg "cannot set up the namespaces"
		exit "$EXIT_ENV"
	fi
	if ! setup_dir; then
		msg "cannot set up ${dir:-the directory}"
		exit "$EXIT_ENV"
	fi
	if ! start_stack; then
		teardown
		exit "$EXIT_ENV"
	fi

	export UIMKEY_ENV_DIR=$dir UIMKEY_CARDS=$cards UIMKEY_BIN=$bindir \
		UIMKEY_PORT=$port
	export PATH=$bindir:$PATH
	# As in outer(): default INT and QUIT, and the real stdin.
	( trap - INT QUIT
	  exec "${cmd[@]}" ) <&0 &
	cmd_pid=$!
	wait "$cmd_pid"
	rc=$?
	cmd_pid=
	teardown
	exit "$rc"
}

