# SPDX-License-Identifier: BSD-2-Clause
# The card's RAM (what a reset must wipe): after a warm reset,
# a power-off and SELECT, the card core's volatile security state (what
# was proven, the management-key nonce), its chaining buffer and its
# pending answer are all zero, and a private key imported and used is
# nowhere in its RAM nor in the stack it ran on.  The card core runs in
# process (tests/stress/card_ram.c); no PC/SC needed.
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/card_ram"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
timeout -k 5 60 "$bin"
rc=$?
check "card_ram finished in time (status $rc)" test "$rc" -ne 124
