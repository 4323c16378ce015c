# SPDX-License-Identifier: BSD-2-Clause
# Secrets left in memory: after C_Logout, after the
# last session closed and after C_Finalize, the PIN is nowhere in the
# memory of the process that used uimkey-pkcs11.so, nor the SO's
# management key after its C_Logout; while logged in, the same search
# finds them (tests/stress/p11_secrets.c reads every mapping of
# /proc/self/maps through /proc/self/mem).
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/p11_secrets"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
SO=010203040506070801020304050607080102030405060708
run p11tool --login --login-type so --so-pin "$SO" --keypairgen \
    --key-type EC:prime256v1 --id 02
check "an EC key in 9C (PIN always)" test "$rc" -eq 0
LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    timeout -k 5 120 "$bin" --module "$MODULE" --reader "$READER0"
rc=$?
check "the secrets program finished in time (status $rc)" test "$rc" -ne 124
