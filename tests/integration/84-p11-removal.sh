# SPDX-License-Identifier: BSD-2-Clause
# Removal, through uimkey-pkcs11.so: uimkey-card killed in the
# middle of signatures and started again, pcscd restarted under a
# session, killed in the middle of signatures, and down for 2 s.  The
# module answers with PKCS#11's removal errors, no call takes more than
# 10 s, the old session stays dead and new sessions log in and sign.
# (tests/stress/p11_removal.c; pcscd-restart: uimkey-env(1).)
#   UIMKEY_REMOVALS: card kills (default 10)
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/p11_removal"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
SO=010203040506070801020304050607080102030405060708
run p11tool --login --login-type so --so-pin "$SO" --keypairgen \
    --key-type EC:prime256v1 --id 01
check "an EC key in 9A" test "$rc" -eq 0
n=${UIMKEY_REMOVALS:-10}
LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    timeout -k 5 $((100 + 5 * n)) "$bin" --module "$MODULE" --pin 123456 \
    --id 01 --reader "$READER0" --cycles "$n" \
    ${UIMKEY_STRESS_SEED:+--seed "$UIMKEY_STRESS_SEED"}
rc=$?
check "the removal program finished in time (status $rc)" test "$rc" -ne 124
