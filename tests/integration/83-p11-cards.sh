# SPDX-License-Identifier: BSD-2-Clause
# Two cards from one process, through uimkey-pkcs11.so and the real
# pcscd: a PIN-once signature without a PC/SC transaction (the module's
# own channel), a PIN-always one in exactly one; 8 threads, half on each
# card, each with its own session, every signature verified against its
# own card's key; and one card held by another client's PC/SC
# transaction while the other card signs and the slot calls answer (each
# card has a lock of its own, and the module's lock is never held across
# a card exchange).  (tests/stress/p11_cards.c)
#   UIMKEY_CARDS_SIGS: signatures per thread (default 200)
# cards: 2
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/p11_cards"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
SO=010203040506070801020304050607080102030405060708
for r in "$READER0" "$READER1"; do
	run p11tool --slot-description "$r" --login --login-type so \
	    --so-pin "$SO" --keypairgen --key-type EC:prime256v1 --id 01
	check "an EC key in 9A of the card in $r" test "$rc" -eq 0
done
run p11tool --slot-description "$READER0" --login --login-type so \
    --so-pin "$SO" --keypairgen --key-type EC:prime256v1 --id 02
check "an EC key of PIN policy always in 9C of card 0" has "always authenticate"
LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    timeout -k 5 180 "$bin" --module "$MODULE" --pin 123456 \
    --reader "$READER0" --reader "$READER1" --id 01 --always-id 02 --threads 8 \
    --sigs "${UIMKEY_CARDS_SIGS:-200}"
rc=$?
check "the two-card program finished in time (status $rc)" test "$rc" -ne 124
