# SPDX-License-Identifier: BSD-2-Clause
# Concurrency, through uimkey-pkcs11.so and the real pcscd:
# 8 processes signing in parallel on one card with mixed keys (EC P-256
# in 9A, EC P-256 in 9C of PIN policy "always", RSA 2048 in 9D, EC P-384
# in 82), every signature verified with BearSSL, half of them logging out
# and in again meanwhile and seeing nothing private while out; 8 threads
# of one process sharing the module (CKF_OS_LOCKING_OK); a process
# holding a PC/SC transaction SIGKILLed, and a signer SIGKILLed mid-work,
# while the others go on.  (tests/stress/p11_stress.c)
#   UIMKEY_CONC_SIGS: signatures per process or thread (default 1000;
#   300 under ASan, which is slower)
. "$UIMKEY_TOP/tests/integration/lib.sh"

bin="$UIMKEY_BUILD/stress/p11_stress"
if ! [ -x "$bin" ]; then
	echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
	exit 1
fi
SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
for spec in "01 EC:prime256v1" "02 EC:prime256v1" "03 rsa:2048" \
    "05 EC:secp384r1"; do
	set -- $spec
	run so --keypairgen --key-type "$2" --id "$1"
	check "key $1 ($2) generated" test "$rc" -eq 0
done
run p11tool -O --login --pin 123456 --id 02 --type privkey
check "key 02 (slot 9C) wants the PIN for each signature" has "always authenticate"

if [ -n "${UIMKEY_SANITIZE:-}" ]; then
	n=${UIMKEY_CONC_SIGS:-300}
else
	n=${UIMKEY_CONC_SIGS:-1000}
fi
# stress SECONDS ARGS...: p11_stress with a deadline.
stress() {
	t=$1
	shift
	LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
	    timeout -k 5 "$t" "$bin" --module "$MODULE" --pin 123456 \
	    --reader "$READER0" --ids 01,02,03,05 --deadline $((t - 10)) \
	    ${UIMKEY_STRESS_SEED:+--seed "$UIMKEY_STRESS_SEED"} "$@"
}
t=$((100 + n / 4))
stress "$t" --sigs "$n" --procs 8 --logout
check "8 processes: finished in time" test $? -ne 124
stress "$t" --sigs "$n" --threads 8
check "8 threads: finished in time" test $? -ne 124
stress "$t" --sigs $((n / 2 > 60 ? n / 2 : 60)) --procs 8 --hog --kill-one
check "8 processes, a hog and a victim: finished in time" test $? -ne 124
# One process signs with the RSA key only (chained parts and GET
# RESPONSE, which nothing may come between), seven with EC keys.
stress "$t" --sigs $((n / 4)) --procs 8 --split --ids 03,01,02,05
check "8 processes, one RSA signer among EC signers: finished in time" \
    test $? -ne 124
