# SPDX-License-Identifier: BSD-2-Clause
# The network side of a lost card (X.1122 9.1.3): while the issuer locks
# the card, the CA suspends its certificate, and lifts the suspension when
# the card is found.  A test CA run with `openssl ca` (a scratch config in
# a temporary directory) issues the card's certificate from a request
# signed on the card; `openssl ca -revoke -crl_reason certificateHold`
# and `-gencrl` put it on hold, and `openssl verify -crl_check` fails.
#
# Lifting a hold: `openssl ca` has no "unrevoke".  RFC 5280 (5.3.1) lifts
# a hold either with removeFromCRL, which only a delta CRL carries (openssl
# ca makes none), or by leaving the entry out of the next full CRL.  So the
# hold's line in the CA database (index.txt) goes back from R (revoked,
# reason certificateHold) to V, and a new full CRL is generated: it has a
# higher CRL number and no entry for the certificate, and verification
# succeeds with it.  Only a hold is lifted this way; a revocation for any
# other reason (keyCompromise below) stays.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
ca=$w/ca
mkdir -p "$ca/newcerts"
: > "$ca/index.txt"
echo 1000 > "$ca/serial"
echo 01 > "$ca/crlnumber"
cat > "$ca/ca.cnf" <<EOF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
certificate = \$dir/ca.crt
private_key = \$dir/ca.key
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
default_days = 30
default_crl_days = 7
policy = policy_any
unique_subject = no
copy_extensions = none
x509_extensions = user_ext
[ policy_any ]
commonName = supplied
organizationName = optional
[ user_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$ca/ca.key" -out "$ca/ca.crt" -subj "/CN=uimkey test issuing CA" \
    -days 30 2>/dev/null
cca() { openssl ca -config "$ca/ca.cnf" "$@"; }
gencrl() { cca -gencrl -out "$1" 2>/dev/null; }
crl_verify() { openssl verify -crl_check -CAfile "$ca/ca.crt" -CRLfile "$1" "$w/card.crt"; }
# unhold SERIAL: the hold of SERIAL lifted in the CA database (R with
# reason certificateHold back to V); fails when there is no such hold.
unhold() {
	awk -F '\t' -v OFS='\t' -v s="$1" '
	    $1 == "R" && $4 == s && $3 ~ /,certificateHold$/ { $1 = "V"; $3 = ""; n++ }
	    { print } END { exit n == 1 ? 0 : 1 }' "$ca/index.txt" > "$ca/index.new" &&
	    mv "$ca/index.new" "$ca/index.txt"
}

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$w/issuer.key" 2>/dev/null
openssl pkey -in "$w/issuer.key" -pubout -out "$w/issuer.pub"
printf '123456\n' > "$w/pin"
S=$(uimkey list | sed -n "s/^$READER0: uimkey, serial \([0-9]*\),.*/\1/p")
printf '00112233445566778899AABBCCDDEEFF\n' > "$w/mgmt"
uimkey mgmt set --alg aes128 --new-mgmt-key-file "$w/mgmt" >/dev/null
uimkey lock install --issuer-pub "$w/issuer.pub" --mgmt-key-file "$w/mgmt" >/dev/null
uimkey key generate --slot 9a --alg p256 -o "$w/9a.pub" --mgmt-key-file "$w/mgmt" >/dev/null

# --- the card's certificate, issued by openssl ca from a request the card
# signed, installed on the card and read back from it
run uimkey request --slot 9a --subject "CN=Alice,O=Example" --pin-file "$w/pin" \
    -o "$w/9a.csr"
check "a request signed on the card" test "$rc" -eq 0
run cca -batch -in "$w/9a.csr" -out "$w/issued.crt"
check "openssl ca issues the card's certificate" test "$rc" -eq 0
uimkey cert import --slot 9a "$w/issued.crt" --mgmt-key-file "$w/mgmt" >/dev/null
uimkey cert export --slot 9a -o "$w/card.crt"
serial=$(openssl x509 -in "$w/card.crt" -noout -serial | cut -d= -f2)
check "the card holds the CA's certificate (serial $serial)" test "$serial" = 1000
gencrl "$w/crl0.pem"
run crl_verify "$w/crl0.pem"
check "openssl verify -crl_check: the certificate is good" has "card.crt: OK"

# --- the card is lost: the issuer locks it, the CA suspends the certificate
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 1 \
    --action lock | uimkey lock apply - >/dev/null
run uimkey lock status
check "the card is locked by its issuer" has "LOCKED BY ISSUER, counter 1"
run cca -revoke "$w/card.crt" -crl_reason certificateHold
check "openssl ca -revoke -crl_reason certificateHold" has "Revoking Certificate 1000"
check "the CA database marks it revoked with reason certificateHold" \
    grep -q "^R	.*,certificateHold	1000	" "$ca/index.txt"
gencrl "$w/crl1.pem"
run openssl crl -in "$w/crl1.pem" -noout -text
check "the new CRL lists serial 1000 as Certificate Hold" sh -c \
    "printf '%s' \"\$0\" | grep -q 'Serial Number: 1000' && printf '%s' \"\$0\" | grep -q 'Certificate Hold'" "$out"
run crl_verify "$w/crl1.pem"
check "openssl verify -crl_check fails for the lost card's certificate" \
    sh -c "[ $rc -ne 0 ] && printf '%s' \"\$0\" | grep -q 'certificate revoked'" "$out"

# --- found again: the issuer unlocks the card, the CA lifts the hold
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 2 \
    --action unlock | uimkey lock apply - >/dev/null
run uimkey lock status
check "the card is unlocked" has "not locked, counter 2"
check "the hold is lifted in the CA database (R certificateHold -> V)" \
    unhold 1000
check "the database line is valid again" grep -q "^V	.*	1000	" "$ca/index.txt"
gencrl "$w/crl2.pem"
run openssl crl -in "$w/crl2.pem" -noout -text
check "the next full CRL no longer lists the certificate" \
    sh -c "! printf '%s' \"\$0\" | grep -q 'Serial Number: 1000'" "$out"
n1=$(openssl crl -in "$w/crl1.pem" -noout -crlnumber | cut -d= -f2)
n2=$(openssl crl -in "$w/crl2.pem" -noout -crlnumber | cut -d= -f2)
check "and has a higher CRL number ($n1 -> $n2)" test $((n2)) -gt $((n1))
run crl_verify "$w/crl2.pem"
check "openssl verify -crl_check succeeds again" has "card.crt: OK"
run crl_verify "$w/crl1.pem"
check "a relying party with the old CRL still refuses it (fetch the new one)" \
    test "$rc" -ne 0
run uimkey request --slot 9a --subject "CN=Alice,O=Example" --pin-file "$w/pin" \
    -o "$w/again.csr"
check "the card signs again with the certified key" sh -c \
    "[ $rc -eq 0 ] && [ \"\$(openssl req -in $w/again.csr -pubkey -noout)\" = \"\$(openssl x509 -in $w/card.crt -pubkey -noout)\" ]"

# --- a revocation for good is not a hold: it cannot be lifted
run cca -revoke "$w/card.crt" -crl_reason keyCompromise
check "openssl ca -revoke -crl_reason keyCompromise" test "$rc" -eq 0
check "a keyCompromise revocation is not lifted" not unhold 1000
gencrl "$w/crl3.pem"
run crl_verify "$w/crl3.pem"
check "and the certificate stays revoked" has "certificate revoked"
rm -rf "$w"
