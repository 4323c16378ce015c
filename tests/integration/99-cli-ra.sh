# SPDX-License-Identifier: BSD-2-Clause
# The registration authority's check (uimkey ra verify, X.1122 9.1.1):
# what it accepts, and each rejection with its reason — a request whose
# signature does not verify, key A's request with key B's attestation, an
# attestation chain to an unknown root, an imported key presented as
# generated, a wrong challenge password, a too-small key.  Rejections
# exit 1 with "rejected: <reason>"; the RA's own bad inputs exit 2.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
serial() { od -An -N8 -tx1 /dev/urandom | tr -d ' \n'; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$w/mca.key" -out "$w/mca.crt" -days 30 \
    -subj "/CN=uimkey test manufacturer CA" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$w/other.key" -out "$w/other.crt" -days 30 \
    -subj "/CN=some other manufacturer" 2>/dev/null

# Personalized with given (not random) credentials: a value and a file.
printf '0011223344556677889900112233445566778899AABBCCDDEEFF001122334455\n' > "$w/mgmt"
printf '73829104\n' > "$w/pin"
cat > "$w/profile.json" <<'EOF'
{
  "version": 1,
  "credentials": {
    "pin": {"file": "pin"},
    "puk": {"value": "58203746"},
    "management_key": {"alg": "aes256", "key": {"file": "mgmt"}}
  },
  "attestation": {"ca_key": "mca.key", "ca_cert": "mca.crt"}
}
EOF
run uimkey personalize --profile "$w/profile.json"
check "personalize with given PIN, PUK and management key" test "$rc" -eq 0
check "no secrets file is needed when nothing is random" \
    sh -c "! printf '%s' \"\$0\" | grep -q 'random values'" "$out"
run uimkey pin verify --pin-file "$w/pin"
check "the PIN of the profile's file works" has "PIN verified"

k() { uimkey "$@" --mgmt-key-file "$w/mgmt"; }
k key generate --slot 9a --alg p256 -o "$w/a.pub" >/dev/null 2>&1
k key generate --slot 9d --alg p256 -o "$w/b.pub" >/dev/null 2>&1
k key generate --slot 9c --alg rsa2048 -o "$w/r.pub" >/dev/null 2>&1
printf 'right-secret-42\n' > "$w/cp"
printf 'wrong-secret-42\n' > "$w/cpbad"
for s in 9a 9d 9c; do
	uimkey request --slot $s --subject "CN=slot $s" --pin-file "$w/pin" \
	    --challenge-password-file "$w/cp" --attest \
	    --attestation-out "$w/$s.chain" -o "$w/$s.csr" >/dev/null 2>&1
done
check "requests with attestation made for 9A, 9D and 9C" \
    test -s "$w/9a.csr" -a -s "$w/9d.csr" -a -s "$w/9c.csr"

ra() {
	run uimkey ra verify "$@"
}
# rejected REASON: the last ra verify exited 1 and said why.
rejected() {
	[ "$rc" -eq 1 ] && has "ra verify: rejected: " && has "$1"
}

ra "$w/9a.csr" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "baseline: the good request is accepted (exit 0)" test "$rc" -eq 0
check "baseline: the verdict says the password matched" has "challenge password matches"

# 1. A request whose signature does not verify (one bit flipped).
openssl req -in "$w/9a.csr" -outform DER -out "$w/9a.der"
python3 - "$w/9a.der" "$w/badsig.der" <<'EOF'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[-3] ^= 0x01
open(sys.argv[2], 'wb').write(b)
EOF
ra "$w/badsig.der" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects a request whose signature does not verify" \
    rejected "bad proof of possession"
python3 - "$w/9a.der" "$w/badsubj.der" <<'EOF'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
i = b.find(b'slot 9a')
b[i + 5] = ord('X')
open(sys.argv[2], 'wb').write(b)
EOF
ra "$w/badsubj.der" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects a request whose subject was changed after signing" \
    rejected "bad proof of possession"

# 2. Key A's request with key B's attestation.
ra "$w/9a.csr" --attestation "$w/9d.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects key A's request with key B's attestation" \
    rejected "the attestation is for another key"

# 3. An attestation chain to an unknown root.
ra "$w/9a.csr" --attestation "$w/9a.chain" --manufacturer-roots "$w/other.crt" \
    --challenge-password-file "$w/cp"
check "rejects an attestation chain to an unknown root" \
    rejected "does not lead to a trusted manufacturer root"
sed -n '1,/END CERTIFICATE/p' "$w/9a.chain" > "$w/leafonly.pem"
ra "$w/9a.csr" --attestation "$w/leafonly.pem" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects an attestation without its F9 certificate" \
    rejected "does not lead to a trusted manufacturer root"

# 4. An imported key presented as generated.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$w/imp.key" 2>/dev/null
openssl pkey -in "$w/imp.key" -pubout -out "$w/imp.pub"
run k key import --slot 9e --key-file "$w/imp.key"
check "import a key made outside the card into 9E" test "$rc" -eq 0
run uimkey request --slot 9e --subject "CN=imported" --pin-file "$w/pin" \
    --challenge-password-file "$w/cp" --attest --attestation-out "$w/9e.chain" \
    -o "$w/9e.csr"
check "the card refuses to attest an imported key" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'imported; the card attests only keys it generated'" "$out"
run uimkey request --slot 9e --subject "CN=imported" --pin-file "$w/pin" \
    --challenge-password-file "$w/cp" -o "$w/9e.csr"
check "a request (without attestation) for the imported key" test "$rc" -eq 0
ra "$w/9e.csr" --manufacturer-roots "$w/mca.crt" --challenge-password-file "$w/cp"
check "rejects the imported key's request without attestation" \
    rejected "no attestation"
ra "$w/9e.csr" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects the imported key's request with a generated key's attestation" \
    rejected "the attestation is for another key"
# An attestation chain that verifies to the root but says "imported"
# (uimkey's origin extension = ENUMERATED imported(2)), made with openssl
# under an intermediate of the manufacturer CA.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$w/int.key" -subj "/CN=uimkey Attestation Root 00000001" \
    -out "$w/int.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n' > "$w/ca.ext"
openssl x509 -req -in "$w/int.csr" -CA "$w/mca.crt" -CAkey "$w/mca.key" \
    -extfile "$w/ca.ext" -days 30 -set_serial "0x$(serial)" -out "$w/int.crt" 2>/dev/null
attest_for() {   # attest_for PUB EXTFILE OUT: leaf under int.crt, chain in OUT
	openssl req -new -key "$w/int.key" -subj "/CN=uimkey PIV Attestation 9e" 2>/dev/null |
	    openssl x509 -req -CA "$w/int.crt" -CAkey "$w/int.key" -force_pubkey "$1" \
	    -extfile "$2" -days 30 -set_serial "0x$(serial)" -out "$3.leaf" 2>/dev/null
	cat "$3.leaf" "$w/int.crt" > "$3"
}
origin=1.2.840.113556.1.8000.2554.37151.20062.7763.19309.38941.102764.1842788.1
printf '%s=DER:0A:01:02\n' "$origin" > "$w/imported.ext"
attest_for "$w/imp.pub" "$w/imported.ext" "$w/imp.chain"
run openssl verify -CAfile "$w/mca.crt" -untrusted "$w/int.crt" "$w/imp.chain"
check "(the forged 'imported' attestation chains to the root for openssl)" has OK
ra "$w/9e.csr" --attestation "$w/imp.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects an attestation that says the key was imported" \
    rejected "the attestation says the key was imported"
printf 'subjectKeyIdentifier=hash\n' > "$w/plain.ext"
attest_for "$w/imp.pub" "$w/plain.ext" "$w/noorigin.chain"
ra "$w/9e.csr" --attestation "$w/noorigin.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects an attestation that does not state the key's origin" \
    rejected "does not state the key's origin"
# "generated" under the old OID of the origin (the UUID as one 2.25 arc,
# which GnuTLS and python-cryptography cannot parse): not taken for an
# origin; the refusal names it.
printf '2.25.192900610076208989735487875138748948068.1=DER:0A:01:01\n' > "$w/old.ext"
attest_for "$w/imp.pub" "$w/old.ext" "$w/oldoid.chain"
ra "$w/9e.csr" --attestation "$w/oldoid.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects an origin under the old 2.25 OID, and says so" \
    rejected "it uses the old OID 2.25.192900610076208989735487875138748948068.1"

# 5. The shared secret (challengePassword).
ra "$w/9a.csr" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cpbad"
check "rejects a wrong challenge password" rejected "wrong challenge password"
printf 'right-secret-4\n' > "$w/cpshort"
ra "$w/9a.csr" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cpshort"
check "rejects a challenge password that is a prefix of the right one" \
    rejected "wrong challenge password"
ra "$w/9a.csr" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt"
check "rejects a request with a password the RA did not check" \
    rejected "carries a challenge password"
uimkey request --slot 9a --subject "CN=no password" --pin-file "$w/pin" \
    --attest --attestation-out "$w/nocp.chain" -o "$w/nocp.csr" >/dev/null 2>&1
ra "$w/nocp.csr" --attestation "$w/nocp.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "rejects a request without the password the RA expects" \
    rejected "carries no challenge password"

# 6. Algorithm and size against the policy.
ra "$w/9c.csr" --attestation "$w/9c.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp"
check "accepts RSA-2048 under the default policy" test "$rc" -eq 0
ra "$w/9c.csr" --attestation "$w/9c.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp" --policy min-rsa=3072
check "rejects a too-small key (RSA-2048 under min-rsa=3072)" \
    rejected "the key is too small: RSA 2048 bits"
ra "$w/9a.csr" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt" \
    --challenge-password-file "$w/cp" --policy curves=p384
check "rejects a curve the policy does not accept" \
    rejected "the policy does not accept P-256"
openssl req -new -newkey rsa:1024 -nodes -keyout "$w/small.key" \
    -subj "/CN=small" -out "$w/small.csr" 2>/dev/null
ra "$w/small.csr" --manufacturer-roots "$w/mca.crt" --allow-unattested
check "rejects an RSA-1024 request under the default policy" \
    rejected "the key is too small: RSA 1024 bits"

# Requests made elsewhere are read too; --allow-unattested is explicit.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes \
    -keyout "$w/p384.key" -subj "/O=Elsewhere/CN=openssl made" -out "$w/p384.csr" 2>/dev/null
ra "$w/p384.csr" --manufacturer-roots "$w/mca.crt" --allow-unattested
check "accepts an openssl P-384 request when attestation is not required" \
    sh -c "[ $rc -eq 0 ] && printf '%s' \"\$0\" | grep -q '^accepted: CN=openssl made,O=Elsewhere, P-384 key.*NOT attested'" "$out"
printf 'not a request\n' > "$w/junk.csr"
ra "$w/junk.csr" --manufacturer-roots "$w/mca.crt"
check "rejects a file that is not a request" rejected "not a PKCS#10"
ra "$w/missing.csr" --manufacturer-roots "$w/mca.crt"
check "an unreadable request file exits 2" test "$rc" -eq 2
ra "$w/9a.csr" --attestation "$w/9a.chain" --manufacturer-roots "$w/mca.crt" \
    --policy min-rsa=big
check "a bad --policy exits 2 with a message" \
    sh -c "[ $rc -eq 2 ] && printf '%s' \"\$0\" | grep -q 'bad --policy'" "$out"
ra "$w/9a.csr" --attestation "$w/9a.chain"
check "ra verify without --manufacturer-roots exits 2" test "$rc" -eq 2
rm -rf "$w"
