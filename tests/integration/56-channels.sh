# SPDX-License-Identifier: BSD-2-Clause
# Programs using libuimkey each on a logical channel of their own: one's
# login is not another's nor channel 0's, another's logout and SELECT
# leave it, a closed channel is given out again (tests/stress/channels.c).
# A channel number is no secret: a raw tool that names it in its class
# byte reaches that channel's login (checked too): channels keep
# programs' logins apart, not from a hostile one.
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/channels"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
LD_PRELOAD="$UIMKEY_PRELOAD" timeout -k 5 120 "$bin" "$READER0" 123456
rc=$?
check "the channels program finished in time (status $rc)" test "$rc" -ne 124
run uimkey apdu "01 20 00 80"
check "channel 1 is closed once its program is gone (6881)" has "SW 6881"
