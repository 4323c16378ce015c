# SPDX-License-Identifier: BSD-2-Clause
# Programs using libuimkey each on a logical channel of their own: one's
# login is not another's nor channel 0's, another's logout and SELECT
# leave it, a closed channel is given out again (tests/stress/channels.c).
# A channel number is no secret: a raw tool that names it in its class
# byte reaches that channel's login when the device sends in the clear
# (UIMKEY_SECURE_MESSAGING=off), not when its login was made in a
# secure-messaging session, the default (both checked).
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/channels"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
for sm in on off; do
	LD_PRELOAD="$UIMKEY_PRELOAD" UIMKEY_SECURE_MESSAGING=$sm \
	    timeout -k 5 120 "$bin" "$READER0" 123456
	rc=$?
	check "the channels program finished in time, secure messaging $sm" \
	    test "$rc" -ne 124
done
run uimkey apdu "01 20 00 80"
check "channel 1 is closed once its program is gone (6881)" has "SW 6881"
