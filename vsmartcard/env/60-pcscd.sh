# SPDX-License-Identifier: BSD-2-Clause
# ------------------------------------------------------- pcscd-restart

# Is process $1 alive (not gone, not a zombie waiting for init)?
alive() {
	local st
	[ -r "/proc/$1/stat" ] || return 1
	read -r _ _ st _ <"/proc/$1/stat" 2>/dev/null || return 1
	[ "$st" != Z ]
}

pcscd_restart() {
	local sig=TERM down=0 pid= i

	if [ -z "${UIMKEY_ENV_DIR-}" ]; then
		msg "pcscd-restart works only inside $prog (UIMKEY_ENV_DIR is not set)"
		exit 2
	fi
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--kill) sig=KILL; shift ;;
		--down)
			[[ ${2-} =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
				{ msg "pcscd-restart: --down needs seconds"; exit 2; }
			down=$2
			shift 2 ;;
		*) msg "usage: $prog pcscd-restart [--kill] [--down SECS]"; exit 2 ;;
		esac
	done
	dir=$UIMKEY_ENV_DIR
	PATH=$PATH:/usr/sbin:/sbin
	[ -s "$PCSCD_RUN/pcscd.pid" ] && read -r pid <"$PCSCD_RUN/pcscd.pid"
	if [ -n "$pid" ] && alive "$pid"; then
		kill -s "$sig" "$pid" 2>/dev/null
		for ((i = 0; i < STOP_GRACE * 50; i++)); do
			alive "$pid" || break
			sleep 0.02
		done
		if alive "$pid"; then
			msg "pcscd did not stop in ${STOP_GRACE} s; killing it"
			kill -KILL "$pid" 2>/dev/null
			for ((i = 0; i < STOP_GRACE * 50; i++)); do
				alive "$pid" || break
				sleep 0.02
			done
		fi
	fi
	# A killed pcscd leaves its socket and pid file behind.
	rm -f "$PCSCD_RUN/pcscd.comm" "$PCSCD_RUN/pcscd.pid"
	sleep "$down"
	setsid pcscd -f -i -c "$dir/reader.conf.d" \
		</dev/null >>"$dir/pcscd.log" 2>&1 &
	pid=$!
	await_ready "$pid" "pcscd exited" " while starting" "$dir/pcscd.log" \
		--cards "${UIMKEY_CARDS:-1}" --timeout "$START_TIMEOUT"
}
