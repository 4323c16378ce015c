# SPDX-License-Identifier: BSD-2-Clause
# Another program resets the card, or powers it off as it leaves
# (SCardDisconnect with SCARD_UNPOWER_CARD), under a libuimkey device:
# its next command is answered, the PIN must be proven again, and the
# card is powered for everyone after (tests/stress/unpower.c).
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/unpower"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
LD_PRELOAD="$UIMKEY_PRELOAD" timeout -k 5 120 "$bin" "$READER0" 123456
rc=$?
check "the program finished in time (status $rc)" test "$rc" -ne 124
run uimkey info
check "uimkey info works after it" test "$rc" -eq 0
