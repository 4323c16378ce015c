# SPDX-License-Identifier: BSD-2-Clause
# Card administration with the uimkey command line: RSA-3072 and RSA-4096
# (and P-384) generated on the card with signatures checked by openssl;
# AES-128/192/256 and 3DES management keys set and used; keys imported,
# attested, moved, deleted; certificates in PEM and DER; the PIN and PUK
# life cycle; retry counts; reset.  Secrets are always in files.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
printf '123456\n' > "$w/pin"
printf '12345678\n' > "$w/puk"

# --- RSA-3072, RSA-4096 and P-384 made on the card; the card's
# signatures (the requests) verified by openssl; attestations verified.
uimkey cert export --slot f9 -o "$w/f9.crt" 2>/dev/null
for spec in "9d rsa3072 3072" "82 rsa4096 4096" "9e p384 384"; do
	set -- $spec
	run uimkey key generate --slot $1 --alg $2 -o "$w/$1.pub"
	check "generate $2 in $1 on the card" test "$rc" -eq 0
	run openssl pkey -pubin -in "$w/$1.pub" -noout -text
	check "openssl: the $1 public key has $3 bits" has "($3 bit)"
	run uimkey request --slot $1 --subject "CN=$2 on the card" \
	    --pin-file "$w/pin" --attest --attestation-out "$w/$1.chain" \
	    -o "$w/$1.csr"
	check "a request signed by the $2 key on the card" test "$rc" -eq 0
	run openssl req -in "$w/$1.csr" -verify -noout
	check "openssl verifies the $2 signature made on the card" has "verify OK"
	run openssl verify -CAfile "$w/f9.crt" "$w/$1.chain"
	check "openssl verifies the $2 key's attestation to the card's F9" has OK
	run uimkey ra verify "$w/$1.csr" --attestation "$w/$1.chain" \
	    --manufacturer-roots "$w/f9.crt" --policy min-rsa=3072,curves=p384
	check "the RA accepts the $2 request under min-rsa=3072,curves=p384" \
	    test "$rc" -eq 0
done
run openssl req -in "$w/9e.csr" -noout -text
check "the P-384 request is signed with ECDSA-SHA384" has "ecdsa-with-SHA384"
run openssl req -in "$w/82.csr" -noout -text
check "the RSA-4096 request is signed with SHA256-RSA" has "sha256WithRSAEncryption"

# --- management keys: each algorithm set, then used; the old key fails.
cur=""
n=0
for alg in aes128 aes192 aes256 3des aes256; do
	n=$((n + 1))
	new="$w/mgmt-$n-$alg"
	run uimkey mgmt set --alg $alg --random -o "$new" $cur
	check "set a random $alg management key" test "$rc" -eq 0
	check "the $alg key file is new, mode 0600" \
	    test "$(stat -c %a "$new")" = 600
	run uimkey info
	check "info shows the $alg management key" has "management key: $alg"
	run uimkey key generate --slot 84 --alg p256 --mgmt-key-file "$new" -o "$w/84.pub"
	check "the new $alg key authenticates (generate a key)" test "$rc" -eq 0
	if [ -n "$cur" ]; then
		run uimkey key delete --slot 84 $cur
		check "the previous key no longer authenticates" \
		    sh -c "[ $rc -ne 0 ] && printf '%s' \"\$0\" | grep -Eq 'wrong management key|wrong length for the card'" "$out"
	fi
	cur="--mgmt-key-file $new"
done
printf '00112233445566778899AABBCCDDEEFF0011223344556677\n' > "$w/given"
run uimkey mgmt set --alg aes192 --new-mgmt-key-file "$w/given" $cur
check "set a given AES-192 management key from a file" test "$rc" -eq 0
cur="--mgmt-key-file $w/given"
run uimkey key delete --slot 84 $cur
check "the given key authenticates" test "$rc" -eq 0
run uimkey mgmt set --alg aes128 --random $cur
check "a random key without -o is refused (exit 2)" test "$rc" -eq 2
run uimkey mgmt set --alg aes128 --random -o "$w/given" $cur
check "a random key is never written over an existing file" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'exists'" "$out"
run uimkey info
check "... and the card kept its key" has "management key: aes192"
run uimkey mgmt set --alg aes128 --random -o - $cur
check "-o - prints the random key, once, when asked" \
    sh -c "[ $rc -eq 0 ] && printf '%s' \"\$0\" | grep -Eq '^[0-9A-F]{32}$'" "$out"
printf '%s\n' "$(printf '%s' "$out" | grep -E '^[0-9A-F]{32}$')" > "$w/printed"
cur="--mgmt-key-file $w/printed"
run uimkey key generate --slot 84 --alg p256 $cur -o "$w/84.pub"
check "the printed key authenticates" test "$rc" -eq 0

# --- import: EC and RSA keys made by openssl; never attested.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$w/ec.key" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$w/rsa.key" 2>/dev/null
openssl pkey -in "$w/ec.key" -pubout -out "$w/ec.pub"
run uimkey key import --slot 85 --key-file "$w/ec.key" --pin-policy never $cur
check "import a P-256 key (PKCS#8 PEM)" test "$rc" -eq 0
openssl pkey -in "$w/rsa.key" -outform DER -out "$w/rsa.der"
run uimkey key import --slot 86 --key-file "$w/rsa.der" $cur
check "import an RSA-2048 key (DER)" test "$rc" -eq 0
run uimkey info
check "info shows the imported key's origin and policy" \
    has "p256, imported, PIN policy never"
run uimkey key attest --slot 85
check "an imported key is not attested, and the message says why" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'imported'" "$out"
run uimkey request --slot 85 --subject "CN=imported" -o "$w/85.csr"
check "a request with an imported key (PIN policy never: no PIN asked)" \
    test "$rc" -eq 0
check "the imported key's request carries the imported public key" sh -c \
    "[ \"\$(openssl req -in $w/85.csr -pubkey -noout)\" = \"\$(cat $w/ec.pub)\" ]"
run uimkey request --slot 86 --subject "CN=imported rsa" --pin-file "$w/pin" -o "$w/86.csr"
run openssl req -in "$w/86.csr" -verify -noout
check "openssl verifies the imported RSA key's signature" has "verify OK"

# --- certificates: PEM and DER in and out, mismatch refused, delete.
test_ca "$w"
certify "$w" "$w/ec.pub" "imported ec" "$w/85.crt"
openssl x509 -in "$w/85.crt" -outform DER -out "$w/85.der"
run uimkey cert import --slot 85 $cur "$w/85.der"
check "cert import (DER)" test "$rc" -eq 0
run uimkey cert export --slot 85
check "cert export writes PEM to standard output" has "BEGIN CERTIFICATE"
uimkey cert export --slot 85 --der -o "$w/85.back"
check "cert export --der gives the same bytes" cmp -s "$w/85.back" "$w/85.der"
run uimkey cert import --slot 86 $cur "$w/85.crt"
check "a certificate for another key is refused" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'another key'" "$out"
run uimkey cert import --slot 86 --force $cur "$w/85.crt"
check "... unless --force" test "$rc" -eq 0
run uimkey cert delete --slot 86 $cur
check "cert delete" test "$rc" -eq 0
run uimkey cert export --slot 86
check "a deleted certificate is gone" has "slot 86 has no certificate"
run uimkey cert delete --slot f9 $cur
check "the attestation certificate cannot be deleted" \
    sh -c "[ $rc -eq 2 ] && printf '%s' \"\$0\" | grep -q 'not deleted'" "$out"

# --- move and delete.
run uimkey key move --slot 85 --to 87 $cur
check "move a key to an empty slot" test "$rc" -eq 0
run uimkey key move --slot 86 --to 87 $cur
check "a move onto a used slot is refused" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'already holds a key'" "$out"
run uimkey key delete --slot 87 $cur
check "delete a key" test "$rc" -eq 0
run uimkey key delete --slot 87 $cur
check "deleting an empty slot says so" has "the slot is empty"

# --- PIN and PUK.
printf '24681357\n' > "$w/pin2"
printf '13572468\n' > "$w/pin3"
printf '87654123\n' > "$w/puk2"
run uimkey pin change --pin-file "$w/pin" --new-pin-file "$w/pin2"
check "pin change" has "PIN changed"
run uimkey puk change --puk-file "$w/puk" --new-puk-file "$w/puk2"
check "puk change" has "PUK changed"
for i in 1 2 3; do uimkey pin verify --pin-file "$w/pin" >/dev/null 2>&1; done
run uimkey pin verify --pin-file "$w/pin2"
check "three wrong PINs block it; the message says so" has "the PIN is blocked"
run uimkey pin unblock --puk-file "$w/puk" --new-pin-file "$w/pin3"
check "the old PUK fails with the tries left" has "wrong PUK, 2 tries left"
run uimkey pin unblock --puk-file "$w/puk2" --new-pin-file "$w/pin3"
check "the PUK unblocks the PIN" has "PIN unblocked"
run uimkey pin verify --pin-file "$w/pin3"
check "the PIN set with the PUK works" has "PIN verified"
run uimkey pin retries
check "pin retries shows the counters" has "PUK: 3 of 3 tries left"
run uimkey pin retries 5 6 --pin-file "$w/pin3" $cur
check "setting retry counts needs --force (it resets the PIN and PUK)" \
    test "$rc" -eq 2
run uimkey pin retries 5 6 --force --pin-file "$w/pin3" $cur
check "set the retry counts to 5 and 6" test "$rc" -eq 0
run uimkey pin retries --json
check "pin retries --json shows them" \
    has '{"pin": {"tries_left": 5, "tries_total": 5}, "puk": {"tries_left": 6, "tries_total": 6}}'
run uimkey pin verify --pin-file "$w/pin"
check "the PIN is back to its factory value" has "PIN verified"

# --- reset: only with PIN and PUK blocked; the attestation key stays.
run uimkey reset
check "reset is refused while the PIN and PUK work, with the counts" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'PIN: 5 tries left, PUK: 6 tries left'" "$out"
printf '000000\n' > "$w/bad"
printf '00000000\n' > "$w/badpuk"
for i in 1 2 3 4 5; do uimkey pin verify --pin-file "$w/bad" >/dev/null 2>&1; done
for i in 1 2 3 4 5 6; do
	uimkey pin unblock --puk-file "$w/badpuk" --new-pin-file "$w/pin3" >/dev/null 2>&1
done
run uimkey reset
check "reset with PIN and PUK blocked" test "$rc" -eq 0
run uimkey info
check "after reset: factory PIN, warned" has "WARNING: the PIN is the factory default"
check "after reset: factory management key" has "management key: 3des, FACTORY DEFAULT"
check "after reset: the slots are empty" has "slot 9d (key management): empty"
uimkey cert export --slot f9 -o "$w/f9.after"
check "after reset: the attestation certificate is the same" \
    cmp -s "$w/f9.after" "$w/f9.crt"

# --- on a terminal the PIN is asked for, with echo off (script(1) gives
# the command a pseudo-terminal; this is the only place a PIN is typed).
run sh -c "(sleep 1; cat '$w/pin') | script -qec 'uimkey pin verify' /dev/null"
check "the PIN is asked for on a terminal" has "PIN verified"
check "... and not echoed" sh -c "! printf '%s' \"\$0\" | grep -q 123456" "$out"
rm -rf "$w"
