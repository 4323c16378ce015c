# SPDX-License-Identifier: BSD-2-Clause
# Kill-restart (power cuts and crashes): a randomized workload on
# two cards through pcscd (keys, signatures, PINs right and wrong, PUK,
# RESET, management keys, certificates, lock tokens) while each
# uimkey-card is killed with SIGKILL at random moments and restarted;
# after every restart the store must open and hold exactly what the
# completed commands left (tests/stress/killer.c has the invariants).
# The stores live on disk (a nested uimkey-env with --dir), so that
# fsync takes real time and kills land inside store writes.
#   UIMKEY_KILLS (per card, default 120), UIMKEY_KILL_SECONDS (95; 40
#   under ASan, which runs the same tests again),
#   UIMKEY_STRESS_SEED
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/killer"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
kills=${UIMKEY_KILLS:-120}
if [ -n "${UIMKEY_SANITIZE:-}" ]; then
	secs=${UIMKEY_KILL_SECONDS:-40}
else
	secs=${UIMKEY_KILL_SECONDS:-95}
fi
d=$(mktemp -d "${UIMKEY_STRESS_TMP:-/var/tmp}/uimkey-kill.XXXXXX")
timeout -k 10 $((secs + 120)) uimkey-env --cards 2 --dir "$d" -- sh -c '
	bin=$1 kills=$2 secs=$3
	for i in 0 1; do
		"$bin" --card $i --kills "$kills" --seconds "$secs" \
		    ${UIMKEY_STRESS_SEED:+--seed $((UIMKEY_STRESS_SEED + i))} \
		    > "$UIMKEY_ENV_DIR/killer$i.out" 2>&1 &
	done
	wait
	cat "$UIMKEY_ENV_DIR/killer0.out" "$UIMKEY_ENV_DIR/killer1.out"
' sh "$bin" "$kills" "$secs"
rc=$?
check "the kill-restart run finished (status $rc)" test "$rc" -eq 0
rm -rf "$d"
