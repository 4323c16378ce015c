# SPDX-License-Identifier: BSD-2-Clause
# Memory errors and leaks: pkcs11-tool with
# uimkey-pkcs11.so under valgrind --leak-check=full --error-exitcode=1:
# no invalid access, no uninitialised value used, no leak, for listing,
# signing, decryption, key generation, ECDH, random numbers, pkcs11-tool
# --test and C_SetPIN (pkcs11-tool's own leaks of what it builds with
# OpenSSL are suppressed: tests/stress/valgrind.supp).
. "$UIMKEY_TOP/tests/integration/lib.sh"

if [ -n "${UIMKEY_SANITIZE:-}" ]; then
	echo "ok - valgrind # SKIP the module is built with ASan (make SANITIZE=1)"
	exit 0
fi
if ! command -v valgrind >/dev/null; then
	echo "not ok - valgrind is not installed (apt-get install valgrind)"
	exit 1
fi
w=$(mktemp -d)
SO=010203040506070801020304050607080102030405060708
run p11tool --login --login-type so --so-pin "$SO" --keypairgen \
    --key-type EC:prime256v1 --id 01
check "an EC key in 9A" test "$rc" -eq 0
run p11tool --login --login-type so --so-pin "$SO" --keypairgen \
    --key-type rsa:2048 --id 03
check "an RSA key in 9D" test "$rc" -eq 0
head -c 1000 /dev/urandom > "$w/data"
vg() {
	name=$1
	shift
	timeout -k 5 120 valgrind --leak-check=full --error-exitcode=1 \
	    --suppressions="$UIMKEY_TOP/tests/stress/valgrind.supp" \
	    --num-callers=30 -q pkcs11-tool --module "$MODULE" "$@" \
	    > "$w/out" 2>&1
	rc=$?
	sed 's/^/    /' "$w/out" | tail -n 40
	check "valgrind: pkcs11-tool $name: no error, no leak" test "$rc" -eq 0
}
vg "-L" -L
vg "-O" -O
vg "-O after login" --login --pin 123456 -O
vg "login and sign (ECDSA-SHA256)" --login --pin 123456 -s \
    -m ECDSA-SHA256 --id 01 -i "$w/data" -o "$w/sig"
vg "login and sign (SHA256-RSA-PKCS-PSS)" --login --pin 123456 -s \
    -m SHA256-RSA-PKCS-PSS --id 03 -i "$w/data" -o "$w/sig2"
p11tool --read-object --type pubkey --id 03 -o "$w/03.der" >/dev/null 2>&1
head -c 32 /dev/urandom > "$w/msg"
openssl pkeyutl -encrypt -pubin -keyform DER -inkey "$w/03.der" \
    -in "$w/msg" -out "$w/enc"
vg "login and decrypt (RSA-PKCS)" --login --pin 123456 --decrypt \
    -m RSA-PKCS --id 03 -i "$w/enc" -o "$w/dec"
check "and the decryption is right" cmp -s "$w/msg" "$w/dec"
vg "key generation (P-384, as SO)" --login --login-type so --so-pin "$SO" \
    --keypairgen --key-type EC:secp384r1 --id 05
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$w/peer.key" 2>/dev/null
openssl pkey -in "$w/peer.key" -pubout -outform DER -out "$w/peer.der"
p11tool --read-object --type pubkey --id 01 -o "$w/01.der" >/dev/null 2>&1
openssl pkeyutl -derive -inkey "$w/peer.key" -peerkey "$w/01.der" \
    -peerform DER -out "$w/want"
vg "ECDH derive (P-256)" --login --pin 123456 --derive -m ECDH1-DERIVE \
    --id 01 -i "$w/peer.der" -o "$w/got"
check "and the shared secret is openssl's" cmp -s "$w/want" "$w/got"
vg "random numbers" --generate-random 64 -o "$w/rnd"
vg "--test (every key, every mechanism)" --login --pin 123456 --test

# The module's removal and pcscd-restart paths and its threads, under
# valgrind too (their own verdicts are 84's and 83's: only valgrind's
# counts here).
vgp() {
	name=$1
	shift
	timeout -k 5 200 valgrind --leak-check=full --error-exitcode=99 \
	    --suppressions="$UIMKEY_TOP/tests/stress/valgrind.supp" \
	    --num-callers=30 -q "$@" > "$w/out" 2>&1
	rc=$?
	sed 's/^/    /' "$w/out" | tail -n 40
	check "valgrind: $name: no error, no leak" test "$rc" -ne 99 -a "$rc" -ne 124
}
run p11tool --login --login-type so --so-pin "$SO" --keypairgen \
    --key-type EC:prime256v1 --id 02
vgp "8 threads signing (tests/stress/p11_stress)" \
    "$UIMKEY_BUILD/stress/p11_stress" --module "$MODULE" --pin 123456 \
    --reader "$READER0" --ids 01,02,03 --threads 8 --sigs 10
vgp "cards killed and pcscd restarted (tests/stress/p11_removal)" \
    "$UIMKEY_BUILD/stress/p11_removal" --module "$MODULE" --pin 123456 \
    --reader "$READER0" --id 01 --cycles 2
# Last, as the card's policy will not take 123456 back.  pkcs11-tool
# --change-pin exits without C_Finalize, so the PC/SC contexts made at
# C_Initialize are still held at exit: only access errors count here.
timeout -k 5 120 valgrind --errors-for-leak-kinds=none --error-exitcode=1 \
    --num-callers=30 -q pkcs11-tool --module "$MODULE" --login --pin 123456 \
    --change-pin --new-pin 24681357 > "$w/out" 2>&1
rc=$?
sed 's/^/    /' "$w/out" | tail -n 40
check "valgrind: pkcs11-tool --change-pin (C_SetPIN): no invalid access" \
    test "$rc" -eq 0
vg "login with the new PIN" --login --pin 24681357 -O
rm -rf "$w"
