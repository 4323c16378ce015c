# SPDX-License-Identifier: BSD-2-Clause
# cards: 2
# Every certificate and certificate request the card or uimkey writes,
# read by three independent parsers: GnuTLS (certtool -i, --crq-info),
# Debian's python3-cryptography (/usr/bin/python3: load, every
# extension's OID and value, the public key) and openssl (x509 -text,
# req -text).  The kinds: the factory attestation root (F9 certificate,
# 5FFF01, self-issued), the F9 certificate of `uimkey personalize` (an
# EC and an RSA manufacturer CA), attestations of P-256, P-384, RSA-2048
# and RSA-3072 keys (uimkey key attest, PEM and DER, before and after
# personalization), requests (uimkey request: with and without
# --attest, with a PrintableString and a UTF8String challenge password,
# without one), every certificate of the chains --attestation-out
# writes, and the F9 certificate as `uimkey cert export` writes it.
# p11tool, through our module, must show each attestation's key type.
#
# Why: the origin extension's OID was once the UUID as one 128-bit arc
# (2.25.192900610076208989735487875138748948068.1).  certtool said
# "import error: ASN1 parser: Error in DER parsing", python-cryptography
# 38 "ValueError: error parsing asn1 value: ParseError { kind:
# InvalidValue, location: [... "Extension::extn_id"] }", and p11tool
# listed the attestations as "X.509 Certificate" with no key type.  The
# control at the end shows the same parsers still refuse that OID here,
# so their passing above means something.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
PY=/usr/bin/python3
ORIGIN=1.2.840.113556.1.8000.2554.37151.20062.7763.19309.38941.102764.1842788.1
OLD_ORIGIN=2.25.192900610076208989735487875138748948068.1

# The python side: KIND (cert|csr), FILE (PEM or DER), ORIGIN_OID or "-".
# Loads it, reads every extension's OID and value (and a request's
# challenge password), the public key, and says "origin=HEX" when the
# extension is there.
cat > "$w/parse.py" <<'EOF'
import sys
from cryptography import x509
from cryptography.x509.oid import AttributeOID
kind, path, origin = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(path, 'rb').read()
pem = data.lstrip().startswith(b'-----BEGIN')
if kind == 'cert':
    obj = (x509.load_pem_x509_certificate if pem else
           x509.load_der_x509_certificate)(data)
    print('subject', obj.subject.rfc4514_string())
    print('issuer', obj.issuer.rfc4514_string())
    print('serial', obj.serial_number)
else:
    obj = (x509.load_pem_x509_csr if pem else x509.load_der_x509_csr)(data)
    print('subject', obj.subject.rfc4514_string())
    assert obj.is_signature_valid, 'the request signature does not verify'
    try:
        cp = obj.get_attribute_for_oid(AttributeOID.CHALLENGE_PASSWORD)
        print('challengePassword', len(cp), 'bytes')
    except x509.AttributeNotFound:
        print('no challengePassword')
print('key', type(obj.public_key()).__name__)
for e in obj.extensions:
    v = e.value
    raw = v.value if isinstance(v, x509.UnrecognizedExtension) else None
    print('ext', e.oid.dotted_string, 'critical' if e.critical else '',
          raw.hex() if raw is not None else repr(v))
    if e.oid.dotted_string == origin:
        print('origin=' + raw.hex())
EOF

# parsers KIND FILE NAME [ORIGIN]: the three parsers read FILE; with
# ORIGIN, each shows uimkey's origin extension (python: "generated").
# (check() of lib.sh sets $name: the locals here are p_*.)
parsers() {
	p_kind=$1 p_file=$2 p_name=$3 p_origin=${4:--}
	p_inder=""
	grep -q -- '-----BEGIN' "$p_file" || p_inder=--inder
	if [ "$p_kind" = cert ]; then
		run certtool -i $p_inder --infile "$p_file"
	else
		run certtool --crq-info $p_inder --infile "$p_file"
	fi
	check "certtool reads $p_name" sh -c "[ $rc -eq 0 ] &&
	    printf '%s' \"\$0\" | grep -q 'Subject Public Key Algorithm: [A-Z]' &&
	    ! printf '%s' \"\$0\" | grep -qi 'error'" "$out"
	[ "$p_origin" = - ] ||
	    check "certtool shows the origin extension of $p_name" \
	    has "Unknown extension $p_origin (not critical)"
	run "$PY" "$w/parse.py" "$p_kind" "$p_file" "$p_origin"
	check "python-cryptography reads $p_name and every extension" \
	    sh -c "[ $rc -eq 0 ] && printf '%s' \"\$0\" | grep -q '^key '" "$out"
	[ "$p_origin" = - ] ||
	    check "python-cryptography: the origin of $p_name is generated (0a0101)" \
	    has "origin=0a0101"
	p_form=PEM
	[ -z "$p_inder" ] || p_form=DER
	if [ "$p_kind" = cert ]; then
		run openssl x509 -inform $p_form -in "$p_file" -noout -text
	else
		run openssl req -inform $p_form -in "$p_file" -noout -text -verify
	fi
	check "openssl reads $p_name" sh -c "[ $rc -eq 0 ] &&
	    printf '%s' \"\$0\" | grep -q 'Public Key Algorithm'" "$out"
	[ "$p_origin" = - ] ||
	    check "openssl shows the origin extension of $p_name" has "$p_origin:"
}

# split_chain FILE PREFIX: each certificate of a PEM chain into
# PREFIX.N.pem; prints how many.
split_chain() {
	awk -v p="$2" '/-----BEGIN CERTIFICATE-----/ { n++ }
	    n { print > (p "." n ".pem") } END { print n }' "$1"
}

printf '123456\n' > "$w/pin"
# --- The factory card (card 0): its F9 certificate, keys, attestations,
# requests.  The factory management key needs no file.
u() { uimkey "$@" --reader "$READER0"; }
u1() { uimkey "$@" --reader "$READER1"; }
u cert export --slot f9 -o "$w/f9-factory.pem" >/dev/null 2>&1
u cert export --slot f9 --der -o "$w/f9-factory.der" >/dev/null 2>&1
parsers cert "$w/f9-factory.pem" "the factory F9 certificate (PEM)"
parsers cert "$w/f9-factory.der" "the factory F9 certificate (DER)"

gen() {         # gen SLOT ALG
	run u key generate --slot "$1" --alg "$2" -o "$w/$1.pub"
	check "generate $2 in $1" test "$rc" -eq 0
}
gen 9a p256
gen 9c p384
gen 9d rsa2048
gen 82 rsa3072

for s in 9a 9c 9d 82; do
	u key attest --slot $s -o "$w/att-$s.pem" >/dev/null 2>&1
	parsers cert "$w/att-$s.pem" "the factory card's attestation of $s" "$ORIGIN"
done
u key attest --slot 9a --der -o "$w/att-9a.der" >/dev/null 2>&1
parsers cert "$w/att-9a.der" "the attestation of 9a (DER)" "$ORIGIN"

printf 'right-secret-42\n' > "$w/cp-printable"
printf 'Geheimnis \303\274ber 42\n' > "$w/cp-utf8"
req() {         # req SLOT WHAT ARGS...: a request
	r_slot=$1 r_what=$2
	shift 2
	run u request --slot "$r_slot" --subject "CN=slot $r_slot,O=Parsers,C=JP" \
	    --pin-file "$w/pin" "$@"
	check "request: $r_what" test "$rc" -eq 0
}
req 9a "P-256, attested, printable password" \
    --challenge-password-file "$w/cp-printable" --attest \
    --attestation-out "$w/9a.chain" -o "$w/9a.csr"
parsers csr "$w/9a.csr" "the P-256 request with attestation and password"
run openssl asn1parse -in "$w/9a.csr"
check "(its challenge password is a PrintableString)" has "PRINTABLESTRING"
req 9c "P-384, attested, UTF-8 password" \
    --challenge-password-file "$w/cp-utf8" --attest \
    --attestation-out "$w/9c.chain" -o "$w/9c.csr"
parsers csr "$w/9c.csr" "the P-384 request with a UTF-8 password"
run openssl asn1parse -in "$w/9c.csr"
check "(its challenge password is a UTF8String)" has "UTF8STRING"
req 9d "RSA-2048, attested, no password" --attest \
    --attestation-out "$w/9d.chain" -o "$w/9d.csr"
parsers csr "$w/9d.csr" "the RSA-2048 request with attestation"
req 82 "RSA-3072, no attestation, no password" --der -o "$w/82.csr.der"
parsers csr "$w/82.csr.der" "the RSA-3072 request (DER)"
req 9a "P-256, no attestation, password" \
    --challenge-password-file "$w/cp-printable" -o "$w/9a-plain.csr"
parsers csr "$w/9a-plain.csr" "the P-256 request without attestation"

for s in 9a 9c 9d; do
	n=$(split_chain "$w/$s.chain" "$w/$s.chain")
	check "the chain of $s holds 2 certificates" test "$n" = 2
	parsers cert "$w/$s.chain.1.pem" "the chain of $s: its attestation" "$ORIGIN"
	parsers cert "$w/$s.chain.2.pem" "the chain of $s: the F9 certificate"
done

# --- Personalization: the F9 certificate signed by a manufacturer CA,
# EC on card 0, RSA on card 1, then attestations under it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$w/mca.key" -out "$w/mca.crt" -days 30 \
    -subj "/CN=uimkey test manufacturer CA" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$w/rsaca.key" \
    -out "$w/rsaca.crt" -days 30 \
    -subj "/CN=uimkey test RSA manufacturer CA" 2>/dev/null
perso() {       # perso READER CA_KEY CA_CERT NAME
	cat > "$w/profile.json" <<EOF
{
  "version": 1,
  "credentials": {
    "pin": {"file": "pin2"},
    "puk": {"value": "58203746"},
    "management_key": {"alg": "aes128", "key": {"file": "mgmt"}}
  },
  "attestation": {"ca_key": "$2", "ca_cert": "$3"}
}
EOF
	run uimkey personalize --reader "$1" --profile "$w/profile.json"
	check "personalize with the $4 manufacturer CA" test "$rc" -eq 0
}
printf '73829104\n' > "$w/pin2"
printf '00112233445566778899AABBCCDDEEFF\n' > "$w/mgmt"
perso "$READER0" mca.key mca.crt EC
perso "$READER1" rsaca.key rsaca.crt RSA
u cert export --slot f9 -o "$w/f9-perso-ec.pem" >/dev/null 2>&1
u1 cert export --slot f9 --der \
    -o "$w/f9-perso-rsa.der" >/dev/null 2>&1
run openssl verify -CAfile "$w/mca.crt" "$w/f9-perso-ec.pem"
check "(the personalized F9 certificate is the EC manufacturer CA's)" has OK
parsers cert "$w/f9-perso-ec.pem" "the F9 certificate of personalize (EC CA)"
parsers cert "$w/f9-perso-rsa.der" "the F9 certificate of personalize (RSA CA)"

for s in 9a 9c 9d 82; do
	u key attest --slot $s -o "$w/patt-$s.pem" >/dev/null 2>&1
	parsers cert "$w/patt-$s.pem" "the personalized card's attestation of $s" \
	    "$ORIGIN"
done
run u1 key generate --slot 9e --alg p256 \
    --mgmt-key-file "$w/mgmt"
run u1 request --slot 9e --subject "CN=card 1" \
    --attest --attestation-out "$w/9e.chain" -o "$w/9e.csr"
check "request with attestation on the RSA-CA card" test "$rc" -eq 0
parsers csr "$w/9e.csr" "the request of card 1"
n=$(split_chain "$w/9e.chain" "$w/9e.chain")
check "the chain of card 1 holds 2 certificates" test "$n" = 2
parsers cert "$w/9e.chain.1.pem" "card 1's attestation of 9e" "$ORIGIN"
parsers cert "$w/9e.chain.2.pem" "card 1's F9 certificate in its chain"
run openssl verify -CAfile "$w/rsaca.crt" -untrusted "$w/9e.chain.2.pem" \
    "$w/9e.chain.1.pem"
check "(card 1's chain verifies to the RSA manufacturer CA)" has OK

# --- p11tool through the module: each attestation with its key type.
serial0=$(u info --json | sed -n 's/^ *"serial": \([0-9]*\),$/\1/p')
run env LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    p11tool --provider "$MODULE" --list-all-certs \
    "pkcs11:token=uimkey%20%23$serial0"
for s in 9a 9c 9d 82; do
	check "p11tool lists the attestation of $s with its key type" \
	    sh -c "printf '%s\n' \"\$0\" | grep -B3 'Label: X.509 Certificate for PIV Attestation $s\$' |
	    grep -q 'Type: X.509 Certificate ([A-Z]'" "$out"
done

# --- Control: the old OID, in a certificate openssl makes.
openssl req -x509 -key "$w/mca.key" -subj "/CN=old origin OID" -days 1 \
    -addext "$OLD_ORIGIN=DER:0A:01:01" -out "$w/old.pem" 2>/dev/null
run certtool -i --infile "$w/old.pem"
check "control: certtool refuses the old 2.25 OID" \
    sh -c "[ $rc -ne 0 ] && printf '%s' \"\$0\" | grep -q 'Error in DER parsing'" "$out"
run "$PY" "$w/parse.py" cert "$w/old.pem" -
check "control: python-cryptography refuses the old 2.25 OID" \
    sh -c "[ $rc -ne 0 ] && printf '%s' \"\$0\" | grep -q 'extn_id'" "$out"
openssl req -x509 -key "$w/mca.key" -subj "/CN=new origin OID" -days 1 \
    -addext "$ORIGIN=DER:0A:01:01" -out "$w/new.pem" 2>/dev/null
parsers cert "$w/new.pem" "control: the same certificate with the new OID" \
    "$ORIGIN"
rm -rf "$w"
