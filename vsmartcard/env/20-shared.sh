# SPDX-License-Identifier: BSD-2-Clause
# -------------------------------------------------------------- shared bits

# The PC/SC name of the reader of card $1, in reader.
reader_of() {
	printf -v reader '%s 00 %02X' "$READER_NAME" "$1"
}

# Wait until uimkey-wait ARGS... (from $5 on) says the readers are ready,
# or exit 1 saying "$2 (status S)$3; see $4" when process $1 ends first.
await_ready() {
	local pid=$1 what=$2 when=$3 log=$4 wpid who= rc
	shift 4
	"$bindir/uimkey-wait" "$@" &
	wpid=$!
	wait -n -p who "$wpid" "$pid"
	rc=$?
	if [ "$who" != "$wpid" ]; then
		kill "$wpid" 2>/dev/null
		msg "$what (status $rc)$when; see $log"
		exit 1
	fi
	[ "$rc" -eq 0 ] || exit 1
}

# Start card $1 in its own session (a Ctrl-C meant for COMMAND must not
# reach it); its pid goes to card_pid and to DIR/cardI.pid.  Its device
# key and counter are uimkey-card's defaults, beside the store:
# DIR/cardI.store.key and DIR/cardI.store.counter, made with a new store.
card_pid=
start_card() {
	local i=$1
	local extra=()
	# A card started again inside the environment keeps logging.
	if [ "$rsplog" = 1 ] || [ -e "$dir/card$i.responses" ]; then
		extra=(--response-log "$dir/card$i.responses")
	fi
	setsid "$bindir/uimkey-card" --port $((port + i)) \
		--store "$dir/card$i.store" --apdu-log "$dir/card$i.apdus" \
		--kdf-iterations "${UIMKEY_KDF_ITERATIONS:-$KDF_ITERATIONS_TEST}" \
		"${extra[@]}" </dev/null >>"$dir/card$i.log" 2>&1 &
	card_pid=$!
	echo "$card_pid" >"$dir/card$i.pid"
}

# The recorded pid of card $1, in pid; fails when there is none.
read_pid() {
	pid=
	[ -s "$dir/card$1.pid" ] && read -r pid <"$dir/card$1.pid" && [ -n "$pid" ]
}

# Is card $1 running?  It holds its store's lock for as long as it lives.
card_running() {
	! flock -n "$dir/card$1.store.lock" true
}

# Wait at most $2 s for card $1 to exit: its lock is freed when it does.
wait_card_gone() {
	flock -w "$2" "$dir/card$1.store.lock" true
}

# Wait at most $1 s for the child processes $2... of this shell to exit.
# Fails if some are still running.
wait_children() {
	local limit=$1 timer who p
	shift
	local -a left=()
	for p in "$@"; do
		kill -0 "$p" 2>/dev/null && left+=("$p")
	done
	[ ${#left[@]} -gt 0 ] || return 0
	sleep "$limit" &
	timer=$!
	while [ ${#left[@]} -gt 0 ]; do
		who=
		wait -n -p who "${left[@]}" "$timer"
		[ -n "$who" ] && [ "$who" != "$timer" ] || break
		local -a rest=()
		for p in "${left[@]}"; do
			[ "$p" = "$who" ] || rest+=("$p")
		done
		left=("${rest[@]+"${rest[@]}"}")
	done
	kill "$timer" 2>/dev/null
	[ ${#left[@]} -eq 0 ]
}

