# SPDX-License-Identifier: BSD-2-Clause
# yubico-piv-tool, a real PIV client, drives the card through pcscd: key
# generation for every algorithm, signatures checked by openssl,
# attestation chain checked by openssl, import, PIN life cycle, reset.
# uimkey-env: --response-log
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
piv() { yubico-piv-tool -r "$READER0" "$@"; }

run piv -a version
check "yubico-piv-tool accepts the card (GET VERSION)" has "5.4.0"

# Every algorithm, generated on the card, in four slots.
run piv -a generate -s 9a -A ECCP256 -o "$w/9a.pem"
check "generate P-256 in 9A" test "$rc" -eq 0
run piv -a generate -s 9c -A ECCP384 -o "$w/9c.pem"
check "generate P-384 in 9C" test "$rc" -eq 0
run piv -a generate -s 9d -A RSA2048 -o "$w/9d.pem"
check "generate RSA-2048 in 9D" test "$rc" -eq 0
# yubico-piv-tool 2.2 knows neither RSA-3072/4096 nor AES management
# keys: 93-uimkey-admin covers those with uimkey's own tool.
run piv -a generate -s 82 -A RSA2048 -o "$w/82.pem"
check "generate RSA-2048 in retired slot 82" test "$rc" -eq 0
run openssl pkey -pubin -in "$w/9a.pem" -noout -text
check "9A public key is P-256" has "prime256v1"
run openssl pkey -pubin -in "$w/9d.pem" -noout -text
check "9D public key is RSA 2048 with e=65537" sh -c \
    "printf '%s' \"\$0\" | grep -q '2048 bit' && printf '%s' \"\$0\" | grep -q 65537" "$out"
run piv -a generate -s 9a -A RSA1024 -o "$w/x.pem"
check "RSA-1024 is refused" test "$rc" -ne 0

# Certificates for the card's keys (from a test CA), stored on the card
# and read back; the card signs and deciphers with yubico-piv-tool's own
# checks against them.
test_ca "$w"
for s in 9a 9c 9d 82; do
	certify "$w" "$w/$s.pem" "uimkey test $s" "$w/$s.crt"
	run piv -a import-certificate -s $s -i "$w/$s.crt"
	check "certificate stored in $s" test "$rc" -eq 0
done
run piv -a read-certificate -s 9a -o "$w/9a.back"
check "the 9A certificate reads back identical" cmp -s "$w/9a.back" "$w/9a.crt"
run piv -a verify-pin -P 123456 -a test-signature -s 9a -i "$w/9a.crt"
check "test-signature with the P-256 key in 9A" test "$rc" -eq 0
run piv -a verify-pin -P 123456 -a test-signature -s 9c -i "$w/9c.crt"
check "test-signature with the P-384 key in 9C (PIN always)" test "$rc" -eq 0
# PIN always: the VERIFY opens only the next command; yubico-piv-tool's
# status in between (GET DATA of the objects) closes it again.
run piv -a verify-pin -P 123456 -a status -a test-signature -s 9c -i "$w/9c.crt"
check "9C (PIN always) refuses when status ran between VERIFY and the signature" \
    sh -c "[ $rc -ne 0 ] && printf '%s' \"\$0\" | grep -q 'Failed signing test data'" "$out"
run piv -a verify-pin -P 123456 -a test-signature -s 9d -i "$w/9d.crt"
check "test-signature with the RSA-2048 key in 9D" test "$rc" -eq 0
run piv -a verify-pin -P 123456 -a test-decipher -s 9d -i "$w/9d.crt"
check "test-decipher with the RSA-2048 key in 9D" test "$rc" -eq 0
run piv -a test-signature -s 9a -i "$w/9a.crt"
check "no signature without the PIN" test "$rc" -ne 0
run piv -a status
check "status lists the 9A certificate" has "uimkey test 9a"

# Attestation: the 9A key was made on this card; the chain verifies.
run piv -a attest -s 9a -o "$w/9a.att"
check "attest 9A" test "$rc" -eq 0
run piv -a read-certificate -s f9 -o "$w/f9.crt"
check "read the attestation (F9) certificate" test "$rc" -eq 0
run openssl verify -CAfile "$w/f9.crt" "$w/9a.att"
check "openssl verifies attestation cert -> F9 cert" has "OK"
check "the attested key is the 9A key" sh -c \
    "[ \"\$(openssl x509 -in $w/9a.att -pubkey -noout)\" = \"\$(cat $w/9a.pem)\" ]"
run openssl x509 -in "$w/f9.crt" -noout -text
check "the F9 certificate is a CA" has "CA:TRUE"

# Import: a key made outside, then attestation refused for it.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$w/imp.key" 2>/dev/null
run piv -a import-key -s 9e -i "$w/imp.key"
check "import a P-256 key into 9E" test "$rc" -eq 0
run piv -a attest -s 9e
check "an imported key cannot be attested" test "$rc" -ne 0
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$w/imprsa.key" 2>/dev/null
run piv -a import-key -s 84 -i "$w/imprsa.key"
check "import an RSA-2048 key into 84" test "$rc" -eq 0
openssl pkey -in "$w/imprsa.key" -pubout -out "$w/84.pem"
certify "$w" "$w/84.pem" "imported 84" "$w/84.crt"
run piv -a verify-pin -P 123456 -a test-signature -s 84 -i "$w/84.crt"
check "the imported RSA key signs" test "$rc" -eq 0
run piv -a verify-pin -P 123456 -a test-decipher -s 84 -i "$w/84.crt"
check "the imported RSA key deciphers" test "$rc" -eq 0
check "the response log has the answers" test -s "$UIMKEY_ENV_DIR/card0.responses"
secret_hex "$w/imp.key" > "$w/planted"
check "the leak check finds key bytes planted in a log (self-test)" \
    leaks_key "$w/imp.key" "$w/planted"
check "no response APDU holds bytes of the imported EC key" \
    not leaks_key "$w/imp.key"
check "no response APDU holds bytes of the imported RSA key" \
    not leaks_key "$w/imprsa.key"

# PIN life cycle.
run piv -a verify-pin -P 000000
check "a wrong PIN is refused with 2 tries left" has "2 tries left"
run piv -a verify-pin -P 123456
check "the right PIN is accepted and restores the counter" test "$rc" -eq 0
run piv -a change-pin -P 123456 -N 24681357
check "change the PIN" test "$rc" -eq 0
run piv -a verify-pin -P 24681357
check "the new PIN works" test "$rc" -eq 0
for i in 1 2 3; do piv -a verify-pin -P 999999 >/dev/null 2>&1; done
run piv -a verify-pin -P 24681357
check "three wrong PINs block it" test "$rc" -ne 0
run piv -a unblock-pin -P 12345678 -N 13572468
check "the PUK unblocks it" test "$rc" -eq 0
run piv -a verify-pin -P 13572468
check "the PIN set with the PUK works" test "$rc" -eq 0

# A new 3DES management key, then use it.
key=0123456789ABCDEFFEDCBA98765432100011223344556677
run piv -a set-mgm-key -n $key
check "set a new 3DES management key" test "$rc" -eq 0
run piv -k$key -a generate -s 9e -A ECCP256 -o "$w/9e.pem"
check "the new key authenticates" test "$rc" -eq 0
run piv -a generate -s 9e -A ECCP256 -o "$w/9e.pem"
check "the old default key no longer does" test "$rc" -ne 0

# Reset only when PIN and PUK are both blocked; attestation survives.
run piv -a reset
check "reset is refused while the PIN works" test "$rc" -ne 0
for i in 1 2 3 4; do piv -a verify-pin -P 999999 >/dev/null 2>&1; done
for i in 1 2 3 4; do piv -a unblock-pin -P 99999999 -N 13572468 >/dev/null 2>&1; done
run piv -a reset
check "reset when both are blocked" test "$rc" -eq 0
run piv -a verify-pin -P 123456
check "after reset the default PIN works" test "$rc" -eq 0
run piv -a read-certificate -s 9a
check "after reset the 9A certificate is gone" test "$rc" -ne 0
run piv -a read-certificate -s f9 -o "$w/f9.after"
check "the attestation certificate survives reset" cmp -s "$w/f9.after" "$w/f9.crt"
rm -rf "$w"
