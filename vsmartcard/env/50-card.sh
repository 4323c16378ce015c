# SPDX-License-Identifier: BSD-2-Clause
# ------------------------------------------------------- card-stop / -start

card_cmd() {
	local what=$1 i pid reader

	if [ -z "${UIMKEY_ENV_DIR-}" ]; then
		msg "$what works only inside $prog (UIMKEY_ENV_DIR is not set)"
		exit 2
	fi
	if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]$ ]] || [ "$2" -ge "$MAX_CARDS" ]; then
		msg "usage: $prog $what I   (I is 0 or 1)"
		exit 2
	fi
	i=$2
	dir=$UIMKEY_ENV_DIR
	port=${UIMKEY_PORT:-$DEFAULT_PORT}
	case $what in
	card-stop)
		if card_running "$i"; then
			if ! read_pid "$i"; then
				msg "card $i runs, but $dir/card$i.pid does not say which"
				exit 1
			fi
			kill -TERM "$pid" 2>/dev/null
			if ! wait_card_gone "$i" "$CARD_TIMEOUT"; then
				msg "card $i did not stop in ${CARD_TIMEOUT} s; killing it"
				kill -KILL "$pid" 2>/dev/null
				wait_card_gone "$i" "$CARD_TIMEOUT"
				exit 1
			fi
		fi
		# Also wait until pcscd has seen the card go (its next presence
		# poll, within 0.4 s).  A card started again before that would
		# slip in unseen: pcscd would never power it on.
		reader_of "$i"
		"$bindir/uimkey-wait" --absent "$reader" --timeout "$CARD_TIMEOUT" ||
			exit 1 ;;
	card-start)
		if card_running "$i"; then
			msg "card $i is already running"
			exit 1
		fi
		start_card "$i"
		pid=$card_pid
		reader_of "$i"
		await_ready "$pid" "card $i exited" "" "$dir/card$i.log" \
			--present "$reader" --timeout "$CARD_TIMEOUT" ;;
	esac
	return 0
}

