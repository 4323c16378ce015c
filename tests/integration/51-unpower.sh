# SPDX-License-Identifier: BSD-2-Clause
# libuimkey under other programs on the same card: one resets the card,
# or powers it off as it leaves (SCardDisconnect with SCARD_UNPOWER_CARD):
# the device's next command is answered, the PIN must be proven again,
# and the card is powered for everyone after (tests/stress/unpower.c);
# one holds a transaction: the device's exchange waits for its end, with
# its own short back-off when PCSCLITE_NO_BLOCKING lets libpcsclite say
# so (tests/stress/sharing.c).
. "$UIMKEY_TOP/tests/integration/lib.sh"

for p in unpower sharing; do
	if ! [ -x "$UIMKEY_BUILD/stress/$p" ]; then
		echo "not ok - $UIMKEY_BUILD/stress/$p is missing (the Makefile must include tests/stress/stress.mk)"
		exit 1
	fi
done
LD_PRELOAD="$UIMKEY_PRELOAD" timeout -k 5 120 \
    "$UIMKEY_BUILD/stress/unpower" "$READER0" 123456
rc=$?
check "the power program finished in time (status $rc)" test "$rc" -ne 124
run uimkey info
check "uimkey info works after it" test "$rc" -eq 0
LD_PRELOAD="$UIMKEY_PRELOAD" timeout -k 5 60 \
    "$UIMKEY_BUILD/stress/sharing" "$READER0"
LD_PRELOAD="$UIMKEY_PRELOAD" PCSCLITE_NO_BLOCKING=1 timeout -k 5 60 \
    "$UIMKEY_BUILD/stress/sharing" "$READER0"
