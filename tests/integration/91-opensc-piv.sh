# SPDX-License-Identifier: BSD-2-Clause
# OpenSC's own PIV driver (opensc-pkcs11.so) recognises the card: it lists
# the token with the keys and certificates put on it, signs with a P-256
# key, decrypts RSA and derives ECDH secrets — all checked with openssl.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
OPENSC=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
[ -e "$OPENSC" ] || OPENSC=$(find /usr/lib -name opensc-pkcs11.so | head -n 1)
piv() { yubico-piv-tool -r "$READER0" "$@"; }
osc() { pkcs11-tool --module "$OPENSC" "$@"; }

# Keys generated with yubico-piv-tool, certified by a test CA.
test_ca "$w"
for spec in "9a ECCP256" "9c RSA2048" "9d RSA2048" "9e ECCP384" "82 ECCP256"; do
	set -- $spec
	piv -a generate -s $1 -A $2 -o "$w/$1.pem" >/dev/null 2>&1
	certify "$w" "$w/$1.pem" "opensc $1" "$w/$1.crt"
	run piv -a import-certificate -s $1 -i "$w/$1.crt"
	check "set up $2 key and certificate in $1" test "$rc" -eq 0
done

run osc -L
check "OpenSC lists the token" has "token label"
check "OpenSC uses its PIV driver" sh -c \
    "printf '%s' \"\$0\" | grep -Eqi 'PIV|uimkey'" "$out"
run osc -O
check "OpenSC lists the 9A certificate" has "CN=opensc 9a"
check "OpenSC lists the 9D certificate" has "CN=opensc 9d"
check "OpenSC lists the retired-slot certificate (key history)" has "CN=opensc 82"
run osc --login --pin 123456 -O
check "after login OpenSC lists private keys" has "Private Key Object"

# Signatures through OpenSC, verified by openssl.
head -c 1000 /dev/urandom > "$w/data"
openssl dgst -sha256 -binary "$w/data" > "$w/data.sha256"
run osc --login --pin 123456 --sign -m ECDSA-SHA256 --id 01 \
    --signature-format openssl -i "$w/data" -o "$w/sig"
check "OpenSC signs with the 9A key" test "$rc" -eq 0
run openssl dgst -sha256 -verify "$w/9a.pem" -signature "$w/sig" "$w/data"
check "openssl verifies the OpenSC/uimkey ECDSA signature" has "Verified OK"

run osc --login --pin 123456 --sign -m ECDSA-SHA384 --id 04 --signature-format openssl \
    -i "$w/data" -o "$w/sig384"
check "OpenSC signs with the P-384 key in 9E" test "$rc" -eq 0
run openssl dgst -sha384 -verify "$w/9e.pem" -signature "$w/sig384" "$w/data"
check "openssl verifies the P-384 signature" has "Verified OK"
run osc --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 02 \
    -i "$w/data" -o "$w/rsig"
check "OpenSC signs with the RSA-2048 key in 9C (PIN always)" test "$rc" -eq 0
run openssl dgst -sha256 -verify "$w/9c.pem" -signature "$w/rsig" "$w/data"
check "openssl verifies the RSA PKCS#1 signature" has "Verified OK"
run osc --login --pin 123456 --sign -m RSA-PKCS-PSS --hash-algorithm SHA256 \
    --mgf MGF1-SHA256 --salt-len 32 --id 02 -i "$w/data.sha256" -o "$w/psig"
check "OpenSC signs RSA-PSS with the 9C key" test "$rc" -eq 0
run openssl dgst -sha256 -verify "$w/9c.pem" -sigopt rsa_padding_mode:pss \
    -sigopt rsa_pss_saltlen:32 -signature "$w/psig" "$w/data"
check "openssl verifies the RSA-PSS signature" has "Verified OK"

# RSA decryption of data openssl encrypted to the 9D key.
head -c 32 /dev/urandom > "$w/msg"
openssl pkeyutl -encrypt -pubin -inkey "$w/9d.pem" -in "$w/msg" -out "$w/enc"
run osc --login --pin 123456 --decrypt -m RSA-PKCS --id 03 -i "$w/enc" -o "$w/dec"
check "OpenSC decrypts with the 9D key" test "$rc" -eq 0
check "the decrypted message is the original" cmp -s "$w/msg" "$w/dec"

# ECDH on the card agrees with openssl pkeyutl -derive.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$w/peer.key" 2>/dev/null
openssl pkey -in "$w/peer.key" -pubout -outform DER -out "$w/peer.der"
openssl pkeyutl -derive -inkey "$w/peer.key" -peerkey "$w/82.pem" -out "$w/want"
run osc --login --pin 123456 --derive -m ECDH1-DERIVE --id 05 \
    -i "$w/peer.der" -o "$w/got"
check "OpenSC derives an ECDH secret with the 82 key" test "$rc" -eq 0
check "the card's ECDH secret equals openssl's" cmp -s "$w/want" "$w/got"
rm -rf "$w"
