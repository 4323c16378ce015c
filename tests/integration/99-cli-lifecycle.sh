# SPDX-License-Identifier: BSD-2-Clause
# The X.1122 certificate life cycle with the uimkey command line, model
# 7.1.2.4 from start to end: the factory personalizes the card with its
# manufacturer CA; the user gets the device, changes the initial PIN,
# generates keys in it, requests certificates with proof of possession,
# attestation and a challenge password; the RA checks the request, the CA
# issues, the certificate is installed and shown; then renewal (7.1.5):
# new key, new request, new certificate, the old key and certificate
# deleted.  Every object is checked with openssl.  No secret is on a
# command line: PINs, keys and passwords are in files.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077

# The manufacturer's CA (it certifies the cards' attestation keys), and
# the CA that issues the users' certificates.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes \
    -keyout "$w/mca.key" -out "$w/mca.crt" -days 30 \
    -subj "/O=uimkey test/CN=uimkey test manufacturer CA" 2>/dev/null
test_ca "$w"

# --- (factory) personalization, X.1122 7.1.2
cat > "$w/profile.json" <<'EOF'
{
  "version": 1,
  "credentials": {
    "pin": "random",
    "puk": "random",
    "management_key": {"alg": "aes256", "key": "random"},
    "pin_retries": 5,
    "puk_retries": 5,
    "secrets_output": "secrets.txt"
  },
  "pin_policy": {"min_length": 8, "digits_only": true, "no_trivial": true},
  "objects": {
    "chuid": {"expiry": "20351231"},
    "printed": {"name": "Alice Smith", "employee_affiliation": "Mobile",
                "expiration_date": "2035DEC31", "agency_card_serial": "A-0001",
                "issuer_id": "uimkey test"}
  },
  "attestation": {"ca_key": "mca.key", "ca_cert": "mca.crt"}
}
EOF
run uimkey info
check "a factory card is warned about loudly (default PIN)" has \
    "WARNING: the PIN is the factory default"
check "a factory card is warned about loudly (default management key)" has \
    "WARNING: the management key is the factory default"
run uimkey personalize --profile "$w/profile.json"
check "personalize with the test manufacturer CA" test "$rc" -eq 0
check "personalize names the card and what it did" has "personalized:"
check "the random secrets are in a new file of mode 0600" \
    test "$(stat -c %a "$w/secrets.txt")" = 600
sed -n 's/^PIN=//p' "$w/secrets.txt" > "$w/pin0"
sed -n 's/^PUK=//p' "$w/secrets.txt" > "$w/puk"
sed -n 's/^MANAGEMENT_KEY=//p' "$w/secrets.txt" > "$w/mgmt"
check "the secrets file holds an 8-digit PIN" grep -Eq '^[0-9]{8}$' "$w/pin0"
check "the secrets file holds an AES-256 key (64 hex digits)" \
    grep -Eq '^[0-9A-F]{64}$' "$w/mgmt"
run uimkey info
check "after personalization no factory default is left" \
    sh -c "! printf '%s' \"\$0\" | grep -q WARNING" "$out"
check "info shows the retry counts of the profile" has "5 of 5 tries left"
check "info shows the AES-256 management key" has "management key: aes256"
run uimkey cert export --slot f9 -o "$w/f9.crt"
check "export the attestation (F9) certificate" test "$rc" -eq 0
run openssl verify -CAfile "$w/mca.crt" "$w/f9.crt"
check "openssl: the F9 certificate is issued by the manufacturer CA" has OK
run openssl x509 -in "$w/f9.crt" -noout -text
check "the F9 certificate is a CA (it signs attestations)" has "CA:TRUE"
run uimkey personalize --profile "$w/profile.json" --secrets-out "$w/again.txt"
check "personalizing twice is refused" sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'personalized already'" "$out"
check "the refused second run wrote no secrets file" test ! -e "$w/again.txt"

# --- (d) the user gets the device and changes the initial PIN
printf '47119083\n' > "$w/pin"
run uimkey pin change --pin-file "$w/pin0" --new-pin-file "$w/pin"
check "the user changes the initial PIN" test "$rc" -eq 0
run uimkey pin verify --pin-file "$w/pin"
check "the new PIN works" has "PIN verified"
run uimkey pin verify --pin-file "$w/pin0"
check "the initial PIN no longer works, and the tries left are shown" \
    has "wrong PIN, 4 tries left"
uimkey pin verify --pin-file "$w/pin" >/dev/null 2>&1

# --- (a) keys generated in the device
run uimkey key generate --slot 9a --alg p256 --mgmt-key-file "$w/mgmt" -o "$w/9a.pub"
check "generate P-256 in 9A" test "$rc" -eq 0
run openssl pkey -pubin -in "$w/9a.pub" -noout -text
check "openssl: the 9A public key is P-256" has "prime256v1"
run uimkey key generate --slot 9c --alg rsa2048 --mgmt-key-file "$w/mgmt" -o "$w/9c.pub"
check "generate RSA-2048 in 9C" test "$rc" -eq 0
run openssl pkey -pubin -in "$w/9c.pub" -noout -text
check "openssl: the 9C public key is RSA 2048" has "2048 bit"

# --- (b) requests with POP, attestation and the shared secret
printf 'enrol-7F3A9C-alice\n' > "$w/cp"
subject="CN=Alice Smith,OU=Mobile,O=Example Carrier,C=JP"
for s in 9a 9c; do
	run uimkey request --slot $s --subject "$subject" --pin-file "$w/pin" \
	    --challenge-password-file "$w/cp" --attest \
	    --attestation-out "$w/$s.chain" -o "$w/$s.csr"
	check "request for $s signed on the card" test "$rc" -eq 0
	run openssl req -in "$w/$s.csr" -verify -noout
	check "openssl req -verify: the $s request's signature (POP) is good" \
	    has "verify OK"
	run openssl req -in "$w/$s.csr" -noout -text
	check "the $s request has the subject in DER order" \
	    has "C = JP, O = Example Carrier, OU = Mobile, CN = Alice Smith"
	check "the $s request carries the challenge password" \
	    has "enrol-7F3A9C-alice"
	check "the $s request's key is the generated one" sh -c \
	    "[ \"\$(openssl req -in $w/$s.csr -pubkey -noout)\" = \"\$(cat $w/$s.pub)\" ]"
	run openssl verify -CAfile "$w/mca.crt" -untrusted "$w/f9.crt" "$w/$s.chain"
	check "openssl: the $s attestation chains to the manufacturer CA" has OK
	run uimkey ra verify "$w/$s.csr" --attestation "$w/$s.chain" \
	    --manufacturer-roots "$w/mca.crt" --challenge-password-file "$w/cp"
	check "the RA accepts the $s request (exit 0)" test "$rc" -eq 0
	check "the RA's verdict is one line naming the subject" sh -c \
	    "[ \$(printf '%s\n' \"\$0\" | wc -l) -eq 1 ] && printf '%s' \"\$0\" | grep -q '^accepted: CN=Alice Smith'" "$out"
	check "the RA's verdict says generated on the card and attested" \
	    has "generated on card serial"
done
check "the RSA verdict names the key size" sh -c \
    "uimkey ra verify $w/9c.csr --attestation $w/9c.chain --manufacturer-roots $w/mca.crt --challenge-password-file $w/cp | grep -q 'RSA 2048 key'"

# --- (c) the CA issues, the certificates are installed
serial() { od -An -N8 -tx1 /dev/urandom | tr -d ' \n'; }
for s in 9a 9c; do
	openssl x509 -req -in "$w/$s.csr" -CA "$w/ca.crt" -CAkey "$w/ca.key" \
	    -days 30 -set_serial "0x$(serial)" -out "$w/$s.crt" 2>/dev/null
	run openssl verify -CAfile "$w/ca.crt" "$w/$s.crt"
	check "openssl x509 -req issues the $s certificate" has OK
done
run uimkey cert import --slot 9a --mgmt-key-file "$w/mgmt" "$w/9a.crt"
check "install the 9A certificate (PEM)" test "$rc" -eq 0
openssl x509 -in "$w/9c.crt" -outform DER -out "$w/9c.der"
run uimkey cert import --slot 9c --mgmt-key-file "$w/mgmt" "$w/9c.der"
check "install the 9C certificate (DER)" test "$rc" -eq 0
run uimkey info
check "info shows the 9A certificate's subject" \
    has "certificate: CN=Alice Smith,OU=Mobile,O=Example Carrier,C=JP"
check "info shows the issuer and the expiry" sh -c \
    "printf '%s' \"\$0\" | grep -q 'issuer:      CN=uimkey test CA' && printf '%s' \"\$0\" | grep -q 'expires:     20'" "$out"
check "info shows the 9C key as RSA 2048, generated, PIN always" \
    has "rsa2048, generated on the card, PIN policy always"
run uimkey info --json
check "info --json lists the 9A certificate" has '"subject": "CN=Alice Smith'
uimkey cert export --slot 9a --der -o "$w/9a.back.der"
openssl x509 -in "$w/9a.crt" -outform DER -out "$w/9a.der"
check "cert export --der gives back the installed certificate" \
    cmp -s "$w/9a.back.der" "$w/9a.der"

# --- renewal, X.1122 7.1.5: a new key next to the old one, a new request
# and certificate, then the old key and certificate deleted.
old_serial=$(openssl x509 -in "$w/9a.crt" -noout -serial)
run uimkey key generate --slot 82 --alg p256 --mgmt-key-file "$w/mgmt" -o "$w/new.pub"
check "renew: a new P-256 key (retired slot 82)" test "$rc" -eq 0
run uimkey request --slot 82 --subject "$subject" --pin-file "$w/pin" \
    --challenge-password-file "$w/cp" --attest --attestation-out "$w/new.chain" \
    -o "$w/new.csr"
check "renew: a new request with POP and attestation" test "$rc" -eq 0
run uimkey ra verify "$w/new.csr" --attestation "$w/new.chain" \
    --manufacturer-roots "$w/mca.crt" --challenge-password-file "$w/cp"
check "renew: the RA accepts the new request" test "$rc" -eq 0
openssl x509 -req -in "$w/new.csr" -CA "$w/ca.crt" -CAkey "$w/ca.key" \
    -days 30 -set_serial "0x$(serial)" -out "$w/new.crt" 2>/dev/null
run uimkey cert delete --slot 9a --mgmt-key-file "$w/mgmt"
check "renew: the old certificate is deleted" test "$rc" -eq 0
run uimkey key delete --slot 9a --mgmt-key-file "$w/mgmt"
check "renew: the old key is deleted" test "$rc" -eq 0
run uimkey key move --slot 82 --to 9a --mgmt-key-file "$w/mgmt"
check "renew: the new key moves into 9A" test "$rc" -eq 0
run uimkey cert import --slot 9a --mgmt-key-file "$w/mgmt" "$w/new.crt"
check "renew: the new certificate is installed in 9A" test "$rc" -eq 0
uimkey cert export --slot 9a -o "$w/9a.now"
check "renew: 9A holds the new certificate" sh -c \
    "[ \"\$(openssl x509 -in $w/9a.now -noout -serial)\" != '$old_serial' ] && cmp -s $w/9a.now $w/new.crt"
run uimkey key attest --slot 9a -o "$w/9a.att"
check "renew: the key in 9A is the new one, still attested as generated" \
    sh -c "[ \"\$(openssl x509 -in $w/9a.att -pubkey -noout)\" = \"\$(cat $w/new.pub)\" ]"
run uimkey info --json
check "renew: slot 82 is empty again" sh -c \
    "! printf '%s' \"\$0\" | grep -q '\"slot\": \"82\"'" "$out"
run uimkey cert import --slot 9a --mgmt-key-file "$w/mgmt" "$w/9a.crt"
check "the old certificate no longer fits 9A and is refused" sh -c \
    "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'another key'" "$out"
rm -rf "$w"
