# SPDX-License-Identifier: BSD-2-Clause
# A thief with the card but not the PIN (X.1122 9.2.1.3, X.1121 8.2.5):
# wrong PINs through `uimkey pin verify` until the PIN blocks, each
# refusal with the tries left; then not even the right PIN works.  The
# owner unblocks with the PUK and signs again with the same key.  With the
# PUK exhausted too, only `uimkey reset` recovers the card, and afterwards
# no old key exists: the slot is empty, its attestation fails, a new key
# in the slot differs, and the old signature cannot be made again.  The
# issuer binding survives the reset.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
OPENSC=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
[ -e "$OPENSC" ] || OPENSC=$(find /usr/lib -name opensc-pkcs11.so | head -n 1)
test_ca "$w"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$w/issuer.key" 2>/dev/null
openssl pkey -in "$w/issuer.key" -pubout -out "$w/issuer.pub"

# The owner's card: its own management key (the card binds an issuer
# only then), an issuer, a key in 9A with a certificate (so that OpenSC
# shows it), their own PIN and PUK.
printf '123456\n' > "$w/pin0"
printf '12345678\n' > "$w/puk0"
printf '31415926\n' > "$w/pin"
printf '27182818\n' > "$w/puk"
printf '00000000\n' > "$w/wrong"
printf '11223344\n' > "$w/newpin"
printf '00112233445566778899AABBCCDDEEFF\n' > "$w/mgmt"
uimkey mgmt set --alg aes128 --new-mgmt-key-file "$w/mgmt" >/dev/null
k() { uimkey "$@" --mgmt-key-file "$w/mgmt"; }
k lock install --issuer-pub "$w/issuer.pub" --counter 5 >/dev/null
k key generate --slot 9a --alg p256 -o "$w/old.pub" >/dev/null
certify "$w" "$w/old.pub" "owner" "$w/old.crt"
k cert import --slot 9a "$w/old.crt" >/dev/null
uimkey pin change --pin-file "$w/pin0" --new-pin-file "$w/pin" >/dev/null
run uimkey puk change --puk-file "$w/puk0" --new-puk-file "$w/puk"
check "the owner's card: issuer, 9A key and certificate, own PIN and PUK" \
    has "PUK changed"
head -c 2000 /dev/urandom > "$w/data"
sign() {
	pkcs11-tool --module "$OPENSC" --login --pin "$1" --sign -m ECDSA-SHA256 \
	    --id 01 --signature-format openssl -i "$w/data" -o "$2"
}
run sign 31415926 "$w/sig.old"
check "the owner signs with 9A" test "$rc" -eq 0
run openssl dgst -sha256 -verify "$w/old.pub" -signature "$w/sig.old" "$w/data"
check "openssl verifies the owner's signature" has "Verified OK"

# --- the thief guesses
run uimkey pin verify --pin-file "$w/wrong"
check "a wrong PIN: refused, 2 tries left" has "wrong PIN, 2 tries left"
run uimkey pin verify --pin-file "$w/wrong"
check "a wrong PIN: refused, 1 try left" has "wrong PIN, 1 try left"
run uimkey pin verify --pin-file "$w/wrong"
check "the third wrong PIN blocks it" sh -c \
    "printf '%s' \"\$0\" | grep -q 'wrong PIN, 0 tries left' && printf '%s' \"\$0\" | grep -q 'the PIN is now blocked'" "$out"
run uimkey pin verify --pin-file "$w/pin"
check "now even the right PIN is refused: blocked" \
    has "the PIN is blocked, 0 tries left; unblock it with the PUK"
run sign 31415926 "$w/sig.thief"
check "nobody can sign with the blocked card (OpenSC)" test "$rc" -ne 0
run uimkey info
check "info warns that the PIN is blocked" has "WARNING: the PIN is blocked"

# --- the owner unblocks with the PUK; the same key signs again
run uimkey pin unblock --puk-file "$w/puk" --new-pin-file "$w/newpin"
check "the owner unblocks with the PUK" has "PIN unblocked and set"
run sign 11223344 "$w/sig.again"
check "signing works again" test "$rc" -eq 0
run openssl dgst -sha256 -verify "$w/old.pub" -signature "$w/sig.again" "$w/data"
check "with the same key (verified with the old public key)" has "Verified OK"
check "the card makes the same signature as before (RFC 6979)" \
    cmp -s "$w/sig.old" "$w/sig.again"

# --- PIN and PUK both exhausted: only RESET recovers
for i in 1 2 3; do uimkey pin verify --pin-file "$w/wrong" >/dev/null 2>&1; done
run uimkey pin unblock --puk-file "$w/wrong" --new-pin-file "$w/newpin"
check "a wrong PUK: 2 tries left" has "wrong PUK, 2 tries left"
uimkey pin unblock --puk-file "$w/wrong" --new-pin-file "$w/newpin" >/dev/null 2>&1
run uimkey pin unblock --puk-file "$w/wrong" --new-pin-file "$w/newpin"
check "the third wrong PUK blocks it" has "the PUK is now blocked"
run uimkey pin unblock --puk-file "$w/puk" --new-pin-file "$w/newpin"
check "now even the right PUK is refused" has "the PUK is blocked, 0 tries left"
run uimkey reset
check "uimkey reset: the only way back" has "card reset"
check "reset keeps the issuer binding" has "and the issuer key and lock counter"

# --- after RESET no old key exists
run uimkey key attest --slot 9a
check "the attestation of the old 9A key fails: the slot is empty" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'the slot is empty'" "$out"
run uimkey cert export --slot 9a
check "the old certificate is gone too" test "$rc" -eq 1
run uimkey info --json
check "info lists no key but the attestation key" sh -c \
    "[ \$(printf '%s' \"\$0\" | grep -c '\"slot\": ') -eq 1 ] && printf '%s' \"\$0\" | grep -q '\"slot\": \"f9\"'" "$out"
run uimkey pin verify --pin-file "$w/pin0"
check "the PIN is the factory one again" has "PIN verified"
uimkey key generate --slot 9a --alg p256 -o "$w/new.pub" >/dev/null
check "a key generated in 9A after the reset is a new one" \
    not cmp -s "$w/old.pub" "$w/new.pub"
certify "$w" "$w/new.pub" "owner" "$w/new.crt"
uimkey cert import --slot 9a "$w/new.crt" >/dev/null
run sign 123456 "$w/sig.new"
check "the card signs the same data with the new key" test "$rc" -eq 0
check "the old signature is not made again" not cmp -s "$w/sig.old" "$w/sig.new"
run openssl dgst -sha256 -verify "$w/old.pub" -signature "$w/sig.new" "$w/data"
check "the new signature does not verify with the old public key" \
    test "$rc" -ne 0
run uimkey lock status --json
check "the card is still bound to its issuer, counter kept" \
    has '"issuer_key": true, "locked": false, "counter": 5'
rm -rf "$w"
