# SPDX-License-Identifier: BSD-2-Clause
# The lost card as PKCS#11 applications see it: a thief's wrong PINs give
# CKR_PIN_INCORRECT with the COUNT_LOW and FINAL_TRY flags at the right
# moments, then CKR_PIN_LOCKED; the owner unblocks with the PUK and signs
# again with the same key.  Locked by the issuer: the token shows the PIN
# locked, C_Login is CKR_PIN_LOCKED, a private-key operation is
# CKR_FUNCTION_REJECTED; unlocked, the same key signs again.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
printf '123456\n' > "$w/pin"
printf '12345678\n' > "$w/puk"
printf '24681357\n' > "$w/newpin"

# Keys made on the card: 9A (PIN once) and 9E (PIN never).
run uimkey key generate --slot 9a --alg p256 -o "$w/9a.pub"
check "P-256 key generated in 9A" test "$rc" -eq 0
run uimkey key generate --slot 9e --alg p256 -o "$w/9e.pub"
check "P-256 key generated in 9E" test "$rc" -eq 0
head -c 500 /dev/urandom > "$w/data"

# nologin_sign: sign with the PIN-never 9E key without logging in
# (pkcs11-tool always logs in): PyKCS11, printing the CKR_ name on error.
nologin_sign() {
	# PyKCS11 is C++: under ASan its exceptions need libstdc++ first.
	LD_PRELOAD="$UIMKEY_PRELOAD${UIMKEY_PRELOAD:+ /usr/lib/x86_64-linux-gnu/libstdc++.so.6}" \
	    ASAN_OPTIONS=detect_leaks=0 \
	    /usr/bin/python3 - "$MODULE" "$w/data" "$1" <<'PY'
import sys, PyKCS11
lib = PyKCS11.PyKCS11Lib()
lib.load(sys.argv[1])
s = lib.openSession(lib.getSlotList(tokenPresent=True)[0])
key = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                     (PyKCS11.CKA_ID, (4,))])[0]
try:
    sig = s.sign(key, open(sys.argv[2], "rb").read(),
                 PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256))
except PyKCS11.PyKCS11Error as e:
    print(PyKCS11.CKR[e.value]); sys.exit(1)
# raw r||s to DER for openssl
r, s_ = bytes(sig[:32]), bytes(sig[32:])
def der_int(b):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80: b = b"\0" + b
    return b"\x02" + bytes([len(b)]) + b
body = der_int(r) + der_int(s_)
open(sys.argv[3], "wb").write(b"\x30" + bytes([len(body)]) + body)
PY
}

# sign ID OUT [PIN-FILE]: ECDSA-SHA256 through our module, DER signature.
# (A test may put a throwaway PIN on pkcs11-tool's command line; the demo
# never does.)
sign() {
	if [ -n "${3:-}" ]; then
		p11tool --login --pin "$(cat "$3")" --sign -m ECDSA-SHA256 \
		    --id "$1" --signature-format openssl -i "$w/data" -o "$2"
	else
		p11tool --sign -m ECDSA-SHA256 --id "$1" \
		    --signature-format openssl -i "$w/data" -o "$2"
	fi
}
verified() {
	openssl dgst -sha256 -verify "$1" -signature "$2" "$w/data" 2>&1 |
	    grep -q "Verified OK"
}

run sign 01 "$w/s1" "$w/pin"
check "the owner signs with the 9A key" verified "$w/9a.pub" "$w/s1"

# --- the thief guesses PINs
printf '000000\n' > "$w/wrong"
run p11tool --login --pin 000000 -O
check "1st wrong PIN: CKR_PIN_INCORRECT" has "CKR_PIN_INCORRECT"
run p11tool -L
check "token flags: PIN count low" has "user PIN count low"
run p11tool --login --pin 000000 -O
check "2nd wrong PIN: CKR_PIN_INCORRECT" has "CKR_PIN_INCORRECT"
run p11tool -L
check "token flags: final try" has "final user PIN try"
run p11tool --login --pin 000000 -O
check "3rd wrong PIN: the PIN is locked" has "CKR_PIN_LOCKED"
run p11tool -L
check "token flags: PIN locked" has "user PIN locked"
run sign 01 "$w/s2" "$w/pin"
check "even the right PIN no longer signs" not verified "$w/9a.pub" "$w/s2"

# --- the owner unblocks with the PUK
run uimkey pin unblock --puk-file "$w/puk" --new-pin-file "$w/newpin"
check "uimkey pin unblock with the PUK" test "$rc" -eq 0
run sign 01 "$w/s3" "$w/newpin"
check "the same 9A key signs again with the new PIN" verified "$w/9a.pub" "$w/s3"

# --- the issuer locks the card
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$w/issuer.key" 2>/dev/null
openssl pkey -in "$w/issuer.key" -pubout -out "$w/issuer.pub"
printf '00112233445566778899AABBCCDDEEFF\n' > "$w/mgmt"
uimkey mgmt set --alg aes128 --new-mgmt-key-file "$w/mgmt" >/dev/null
run uimkey lock install --issuer-pub "$w/issuer.pub" --counter 1 \
    --mgmt-key-file "$w/mgmt"
check "issuer key installed (after the card's own management key)" \
    test "$rc" -eq 0
S=$(uimkey list | sed -n "s/^$READER0: uimkey, serial \([0-9]*\),.*/\1/p")
run uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 2 \
    --action lock -o "$w/lock.tok"
run uimkey lock apply "$w/lock.tok"
check "the lock token is applied" test "$rc" -eq 0
run p11tool -L
check "locked card: the token shows the PIN locked" has "user PIN locked"
run p11tool --login --pin 24681357 -O
check "locked card: C_Login is CKR_PIN_LOCKED" has "CKR_PIN_LOCKED"
run nologin_sign "$w/s4"
check "locked card: a PIN-never key's C_Sign is CKR_FUNCTION_REJECTED" \
    has "CKR_FUNCTION_REJECTED"
run p11tool -O
check "locked card: public objects still listed" has "Public Key Object"

run uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 3 \
    --action unlock -o "$w/unlock.tok"
run uimkey lock apply "$w/unlock.tok"
check "the unlock token is applied" test "$rc" -eq 0
run nologin_sign "$w/s5"
check "unlocked: the same 9E key signs again" verified "$w/9e.pub" "$w/s5"
run sign 01 "$w/s6" "$w/newpin"
check "unlocked: the 9A key signs with the PIN" verified "$w/9a.pub" "$w/s6"
rm -rf "$w"
