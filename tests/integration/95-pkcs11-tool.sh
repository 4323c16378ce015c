# SPDX-License-Identifier: BSD-2-Clause
# pkcs11-tool drives uimkey-pkcs11.so: key generation for every algorithm,
# objects before and after login, every signature mechanism (checked by
# openssl), RSA decryption (PKCS#1 v1.5 and OAEP), ECDH, certificates
# written and deleted, keys deleted, and pkcs11-tool's own --test.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
user() { p11tool --login --pin 123456 "$@"; }
# pub ID OUT.pem: the public key as openssl reads it.  pkcs11-tool 0.23
# cannot export a P-384 public key ("cannot create EVP_PKEY"): then the
# key's attestation certificate, made by the card, gives it (CKA_ID 19 ID:
# F9's attestation of key ID).
pub() {
	p11tool --read-object --type pubkey --id "$1" -o "$w/pub.der" \
	    >/dev/null 2>&1 &&
	    openssl pkey -pubin -inform DER -in "$w/pub.der" -out "$2" &&
	    return 0
	p11tool --read-object --type cert --id "19$1" -o "$w/att.der" \
	    >/dev/null 2>&1 &&
	    openssl x509 -inform DER -in "$w/att.der" -noout -pubkey > "$2"
}

run p11tool -I
check "-I shows the module" has "uimkey PKCS#11 module"
run p11tool -M
check "-M lists ECDSA-SHA256 done by the card" sh -c \
    "printf '%s' \"\$0\" | grep 'ECDSA-SHA256,' | grep -q hw" "$out"
check "-M lists RSA-PKCS-OAEP" has "RSA-PKCS-OAEP"
check "-M lists ECDH1-DERIVE" has "ECDH1-DERIVE"
check "-M gives RSA key sizes 2048 to 4096" has "keySize={2048,4096}"
run p11tool -L
check "-L: the token is there" has "uimkey #"
check "-L: the PIN is still the factory one (to be changed)" \
    has "user PIN to be changed"

# One key of each algorithm, generated on the card through the module.
for spec in "01 EC:prime256v1" "02 rsa:2048" "03 rsa:3072" \
    "04 EC:secp384r1" "05 EC:prime256v1" "07 EC:secp384r1"; do
	set -- $spec
	run so --keypairgen --key-type "$2" --id "$1"
	check "--keypairgen $2 in id $1" test "$rc" -eq 0
	pub "$1" "$w/$1.pem"
done
run so --keypairgen --key-type rsa:4096 --id 06
check "--keypairgen rsa:4096 in id 06 (retired slot 83)" test "$rc" -eq 0
pub 06 "$w/06.pem"
check "--keypairgen keeps the label of the slot" \
    has "Private key for Retired Key 2"
run p11tool --keypairgen --key-type EC:prime256v1 --id 07 --login --pin 123456
check "--keypairgen as the user is refused" test "$rc" -ne 0

run p11tool -O
check "-O before login: public keys" has "Public Key Object; EC"
check "-O before login: no private keys of PIN policy once" \
    sh -c "! printf '%s' \"\$0\" | grep -q 'Private key for PIV Authentication'" "$out"
check "-O before login: the 9E key (PIN policy never) is visible" \
    has "Private key for Card Authentication"
check "-O before login: attestation certificates" \
    has "X.509 Certificate for PIV Attestation 9a"
# Each key's id names its slot's certificate alone: none yet.
run p11tool --read-object --type cert --id 01 -o "$w/none.der"
check "no certificate under the 9A key's id while the slot has none" \
    test "$rc" -ne 0
# A new process reads only the slot of the id searched for: the
# attestation of key 1 is found by {19, 01}, under its own id.
run p11tool --read-object --type cert --id 1901 -o "$w/att1.der"
run openssl x509 -inform DER -in "$w/att1.der" -noout -subject
check "CKA_ID 19 01 is the 9A key's attestation certificate" \
    has "CN = uimkey PIV Attestation 9a"
run p11tool --read-object --type cert --id 19 -o "$w/f9.der"
run openssl x509 -inform DER -in "$w/f9.der" -noout -subject
check "CKA_ID 19 is still the F9 (attestation CA) certificate" \
    has "Attestation Root"
run user -O
check "-O after login: private keys" has "Private key for PIV Authentication"
check "-O after login: 9C needs the PIN each time" sh -c \
    "printf '%s' \"\$0\" | grep -A4 'Private key for Digital Signature' | grep -q 'always authenticate'" "$out"
check "-O: private keys are sensitive, never extractable, local" \
    has "sensitive, always sensitive, never extractable, local"

# Signatures, checked by openssl.
head -c 3000 /dev/urandom > "$w/data"
for spec in "01 ECDSA-SHA1 sha1" "01 ECDSA-SHA256 sha256" \
    "04 ECDSA-SHA384 sha384" "04 ECDSA-SHA512 sha512" \
    "05 ECDSA-SHA224 sha224"; do
	set -- $spec
	run user -s -m "$2" --id "$1" --signature-format openssl \
	    -i "$w/data" -o "$w/sig"
	run openssl dgst -"$3" -verify "$w/$1.pem" -signature "$w/sig" "$w/data"
	check "$2 with id $1 verified by openssl" has "Verified OK"
done
openssl dgst -sha384 -binary "$w/data" > "$w/data.sha384"
run user -s -m ECDSA --id 04 --signature-format openssl -i "$w/data.sha384" \
    -o "$w/sig"
run openssl pkeyutl -verify -pubin -inkey "$w/04.pem" -in "$w/data.sha384" \
    -sigfile "$w/sig"
check "raw ECDSA of a hash (P-384) verified by openssl" has "Signature Verified Successfully"
for spec in "02 SHA256-RSA-PKCS sha256" "03 SHA384-RSA-PKCS sha384" \
    "06 SHA512-RSA-PKCS sha512" "03 SHA1-RSA-PKCS sha1" \
    "03 SHA224-RSA-PKCS sha224"; do
	set -- $spec
	run user -s -m "$2" --id "$1" -i "$w/data" -o "$w/sig"
	run openssl dgst -"$3" -verify "$w/$1.pem" -signature "$w/sig" "$w/data"
	check "$2 with id $1 verified by openssl" has "Verified OK"
done
for spec in "02 SHA256-RSA-PKCS-PSS sha256 32" "03 SHA384-RSA-PKCS-PSS sha384 48" \
    "06 SHA512-RSA-PKCS-PSS sha512 64" "03 SHA1-RSA-PKCS-PSS sha1 20"; do
	set -- $spec
	run user -s -m "$2" --id "$1" -i "$w/data" -o "$w/sig"
	run openssl dgst -"$3" -verify "$w/$1.pem" -sigopt rsa_padding_mode:pss \
	    -sigopt rsa_pss_saltlen:"$4" -signature "$w/sig" "$w/data"
	check "$2 with id $1 verified by openssl" has "Verified OK"
done
openssl dgst -sha256 -binary "$w/data" > "$w/data.sha256"
run user -s -m RSA-PKCS-PSS --hash-algorithm SHA256 --mgf MGF1-SHA256 \
    --salt-len 20 --id 03 -i "$w/data.sha256" -o "$w/sig"
run openssl dgst -sha256 -verify "$w/03.pem" -sigopt rsa_padding_mode:pss \
    -sigopt rsa_pss_saltlen:20 -signature "$w/sig" "$w/data"
check "RSA-PKCS-PSS of a hash, salt 20, verified by openssl" has "Verified OK"
{ printf '\060\061\060\015\006\011\140\206\110\001\145\003\004\002\001\005\000\004\040'; cat "$w/data.sha256"; } > "$w/digestinfo"
run user -s -m RSA-PKCS --id 03 -i "$w/digestinfo" -o "$w/sig"
run openssl dgst -sha256 -verify "$w/03.pem" -signature "$w/sig" "$w/data"
check "RSA-PKCS of a DigestInfo verified by openssl" has "Verified OK"
run user -s -m RSA-X-509 --id 03 -i "$w/data.sha256" -o "$w/sig"
openssl pkeyutl -verifyrecover -pubin -inkey "$w/03.pem" -pkeyopt \
    rsa_padding_mode:none -in "$w/sig" -out "$w/rec" 2>/dev/null
check "RSA-X-509 undone by openssl gives the input back" sh -c \
    "tail -c 32 '$w/rec' | cmp -s - '$w/data.sha256'"
run user -s -m SHA256-RSA-PKCS --id 06 -i "$w/data" -o "$w/sig"
run user --verify -m SHA256-RSA-PKCS --id 06 -i "$w/data" --signature-file "$w/sig"
check "C_Verify with the public key accepts the signature" has "Signature is valid"
printf x >> "$w/data"
run user --verify -m SHA256-RSA-PKCS --id 06 -i "$w/data" --signature-file "$w/sig"
check "C_Verify refuses it for other data" not has "Signature is valid"

# Decryption with the 9D key (id 03) and a retired key (id 06).
head -c 32 /dev/urandom > "$w/msg"
openssl pkeyutl -encrypt -pubin -inkey "$w/03.pem" -in "$w/msg" -out "$w/enc"
run user --decrypt -m RSA-PKCS --id 03 -i "$w/enc" -o "$w/dec"
check "--decrypt RSA-PKCS" cmp -s "$w/msg" "$w/dec"
for md in sha1 sha256 sha384; do
	MD=$(echo "$md" | tr a-z A-Z)
	openssl pkeyutl -encrypt -pubin -inkey "$w/06.pem" -in "$w/msg" \
	    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:"$md" \
	    -pkeyopt rsa_mgf1_md:"$md" -out "$w/enc"
	[ "$MD" = SHA1 ] && MD=SHA-1
	run user --decrypt -m RSA-PKCS-OAEP --hash-algorithm "$MD" \
	    --mgf "MGF1-$(echo "$md" | tr a-z A-Z)" --id 06 -i "$w/enc" -o "$w/dec"
	check "--decrypt RSA-PKCS-OAEP with $md (RSA 4096)" cmp -s "$w/msg" "$w/dec"
done
head -c 256 /dev/urandom > "$w/junk"
run user --decrypt -m RSA-PKCS --id 03 -i "$w/junk" -o "$w/dec"
check "a bad PKCS#1 block is refused" test "$rc" -ne 0

# ECDH with the 9A key (id 01) and a P-384 key in retired slot 84 (id 07).
for spec in "01 P-256" "07 P-384"; do
	set -- $spec
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"$2" \
	    -out "$w/peer.key" 2>/dev/null
	openssl pkey -in "$w/peer.key" -pubout -outform DER -out "$w/peer.der"
	openssl pkeyutl -derive -inkey "$w/peer.key" -peerkey "$w/$1.pem" \
	    -out "$w/want"
	run user --derive -m ECDH1-DERIVE --id "$1" -i "$w/peer.der" -o "$w/got"
	check "--derive ECDH $2 agrees with openssl" cmp -s "$w/want" "$w/got"
done
run user --derive -m ECDH1-DERIVE --id 04 -i "$w/peer.der" -o "$w/got"
check "no ECDH with the 9E key (card authentication)" test "$rc" -ne 0

# Certificates: written with -w, seen, deleted with -b.
test_ca "$w"
certify "$w" "$w/01.pem" "p11 9a" "$w/01.crt"
openssl x509 -in "$w/01.crt" -outform DER -out "$w/01.der"
run p11tool -w "$w/01.der" --type cert --id 01 --login --pin 123456
check "-w as the user is refused" test "$rc" -ne 0
run so -w "$w/01.der" --type cert --id 01
check "-w writes the certificate (SO)" test "$rc" -eq 0
run p11tool -O --type cert
check "the certificate is listed with its slot's label" \
    has "X.509 Certificate for PIV Authentication"
check "with its subject" has "CN=p11 9a"
run p11tool --read-object --type cert --id 01 -o "$w/back.der"
check "and reads back the same" cmp -s "$w/01.der" "$w/back.der"
run uimkey-env card-stop 0 >/dev/null
uimkey-wait --absent "00 00" --timeout 10 >/dev/null
uimkey-env card-start 0 >/dev/null
uimkey-wait --timeout 10 >/dev/null
run p11tool -O --type cert
check "the certificate is on the card (after a restart)" has "CN=p11 9a"
run so -b --type cert --id 19
check "-b refuses the attestation certificate" test "$rc" -ne 0
run so -b --type cert --id 01
check "-b deletes the certificate" test "$rc" -eq 0
run p11tool -O --type cert
check "and it is gone" not has "CN=p11 9a"
run so -b --type privkey --id 05
check "-b deletes the key of id 05" test "$rc" -eq 0
run p11tool -O --type pubkey
check "and its public key is gone too" not has "Retired Key 1"
run p11tool -O --type pubkey
check "the other keys stay" has "Public key for Retired Key 2"

# pkcs11-tool's own tests (signatures, verification, decryption).
run user --test
check "pkcs11-tool --test passes" test "$rc" -eq 0
check "--test: no error" not has "ERR"
check "--test: the card's random numbers pass" has "seeding (C_SeedRandom) not supported"
run p11tool --test-fork
check "pkcs11-tool --test-fork: a child must C_Initialize again" test "$rc" -eq 0
rm -rf "$w"
