# SPDX-License-Identifier: BSD-2-Clause
# The issuer lock end to end (X.1122 9.2.1.3: a lost or stolen card is
# disabled): the factory binds the card to the issuer's P-256 key (made
# by openssl) in `uimkey personalize`; the issuer signs a lock token with
# `uimkey lock token` (no card); anyone delivers it with `uimkey lock
# apply` (no PIN, no management key).  While locked, real clients fail
# cleanly (yubico-piv-tool, OpenSC's PKCS#11 module, uimkey), the card
# still says what it is, PIN and PUK counters are untouched, RESET is
# refused, and the lock survives restarts and kill -9.  Replayed, foreign,
# older and forged tokens are each refused with their reason; an unlock
# token with a higher counter gives the card back with its keys intact.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
OPENSC=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
[ -e "$OPENSC" ] || OPENSC=$(find /usr/lib -name opensc-pkcs11.so | head -n 1)

# The issuer's key pair and a stranger's, made by openssl.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$w/issuer.key" 2>/dev/null
openssl pkey -in "$w/issuer.key" -pubout -out "$w/issuer.pub"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$w/other.key" 2>/dev/null
test_ca "$w"

printf '31415926\n' > "$w/pin"
printf '27182818\n' > "$w/puk"
printf '000000\n' > "$w/wrong"
od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$w/mgmt"
echo >> "$w/mgmt"
cat > "$w/profile.json" <<'EOF'
{
  "version": 1,
  "credentials": {
    "pin": {"file": "pin"},
    "puk": {"file": "puk"},
    "management_key": {"alg": "aes256", "key": {"file": "mgmt"}},
    "pin_retries": 3, "puk_retries": 3
  },
  "slots": {"9a": {"generate": "p256", "pin_policy": "once"}},
  "issuer": {"public_key": "issuer.pub", "counter": 100}
}
EOF

# --- the factory: personalization binds the card to its issuer
run uimkey personalize --profile "$w/profile.json"
check "personalize installs the issuer key from the profile" \
    has "issuer key installed (lock counter 100)"
S=$(uimkey list | sed -n "s/^$READER0: uimkey, serial \([0-9]*\),.*/\1/p")
check "the card's serial" test -n "$S"
run uimkey lock status --json
check "lock status --json: issuer key installed, not locked, counter 100" \
    has '"issuer_key": true, "locked": false, "counter": 100'
want=$(openssl pkey -pubin -in "$w/issuer.pub" -outform DER | sha256sum | cut -c1-64)
check "the installed key is the issuer's (SHA-256 of its SubjectPublicKeyInfo)" \
    has "\"issuer_key_sha256\": \"$want\""
run uimkey info
check "info: not locked, counter 100" \
    has "issuer lock:    not locked, counter 100, issuer key installed"

# The cardholder's key in 9A, certified so that OpenSC shows it, and a
# signature made with it before anything happens.
run uimkey request --slot 9a --subject "CN=Alice" --pin-file "$w/pin" -o "$w/9a.csr"
check "a request signed by the 9A key" test "$rc" -eq 0
openssl req -in "$w/9a.csr" -pubkey -noout > "$w/9a.pub"
openssl x509 -req -in "$w/9a.csr" -CA "$w/ca.crt" -CAkey "$w/ca.key" \
    -days 30 -set_serial 0x1234 -out "$w/9a.crt" 2>/dev/null
run uimkey cert import --slot 9a --mgmt-key-file "$w/mgmt" "$w/9a.crt"
check "the 9A certificate is installed" test "$rc" -eq 0
uimkey key attest --slot 9a -o "$w/att.before"
head -c 3000 /dev/urandom > "$w/data"
osc() { pkcs11-tool --module "$OPENSC" "$@"; }
sign() {
	osc --login --pin "$(cat "$w/pin")" --sign -m ECDSA-SHA256 --id 01 \
	    --signature-format openssl -i "$w/data" -o "$1"
}
run sign "$w/sig.before"
check "OpenSC signs with the 9A key before the lock" test "$rc" -eq 0
run openssl dgst -sha256 -verify "$w/9a.pub" -signature "$w/sig.before" "$w/data"
check "openssl verifies that signature with the 9A public key" has "Verified OK"
counters() { uimkey pin retries --json; }
counters > "$w/counters.before"

# --- the card is lost: the issuer signs a lock token (no card needed)
run uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 101 \
    --action lock -o "$w/lock101.pem"
check "the issuer signs a lock token for the card" test "$rc" -eq 0
check "the token is PEM, labelled UIMKEY LOCK TOKEN" \
    grep -q "BEGIN UIMKEY LOCK TOKEN" "$w/lock101.pem"
run uimkey lock apply "$w/lock101.pem"
check "anyone delivers it: no PIN, no management key" test "$rc" -eq 0
check "lock apply says the card is locked by its issuer" has "LOCKED BY ISSUER (counter 101)"

# --- while locked
run yubico-piv-tool -r "$READER0" -a verify-pin -P 31415926
check "yubico-piv-tool -a verify-pin fails on the locked card (right PIN)" \
    test "$rc" -ne 0
run osc --login --pin 31415926 -O
check "pkcs11-tool --login with OpenSC's module fails on the locked card" \
    test "$rc" -ne 0
run sign "$w/sig.locked"
check "OpenSC cannot sign with the locked card" test "$rc" -ne 0
run uimkey key generate --slot 9d --alg p256 --mgmt-key-file "$w/mgmt"
check "uimkey key generate fails with the locked message" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'LOCKED BY ISSUER'" "$out"
run uimkey pin verify --pin-file "$w/pin"
check "uimkey pin verify fails with the locked message (not 'wrong PIN')" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'LOCKED BY ISSUER' && ! printf '%s' \"\$0\" | grep -q 'wrong'" "$out"
run uimkey key attest --slot 9a
check "attestation is refused while locked" has "LOCKED BY ISSUER"
run uimkey cert delete --slot 9a --mgmt-key-file "$w/mgmt"
check "uimkey cert delete is refused while locked" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q '^uimkey: cert delete: the card is LOCKED BY ISSUER'" "$out"
run uimkey apdu "00 DB 3F FF 08 5C 03 5F C1 09 53 01 00"
check "the card's own answer to PUT DATA is 6283" has "SW 6283"
run uimkey apdu "00 20 00 80 08 33 31 34 31 35 39 32 36"
check "the card's own answer to VERIFY is 6283" has "SW 6283"
run uimkey apdu "00 F8 00 00" "00 FD 00 00" "00 CB 3F FF 05 5C 03 5F C1 02"
check "GET SERIAL, GET VERSION and GET DATA (CHUID) still answer" sh -c \
    "[ \$(printf '%s' \"\$0\" | grep -c 'SW 9000') -eq 3 ]" "$out"
run uimkey cert export --slot 9a -o "$w/9a.locked.crt"
check "the certificate is still readable (public object)" cmp -s "$w/9a.locked.crt" "$w/9a.crt"
run uimkey info
check "uimkey info works on the locked card" test "$rc" -eq 0
check "uimkey info says LOCKED BY ISSUER first, loudly" sh -c \
    "printf '%s\n' \"\$0\" | head -n 1 | grep -q '^WARNING: this card is LOCKED BY ISSUER (lock counter 101)'" "$out"
check "uimkey info shows the lock and its counter" has "issuer lock:    LOCKED BY ISSUER, counter 101"
check "uimkey info still shows the serial and the 9A key" sh -c \
    "printf '%s' \"\$0\" | grep -q 'serial $S' && printf '%s' \"\$0\" | grep -q 'p256, generated on the card'" "$out"
run uimkey info --json
check "info --json: issuer_lock locked, counter 101" \
    has '"issuer_lock": {"issuer_key": true, "locked": true, "counter": 101'
run yubico-piv-tool -r "$READER0" -a status
check "yubico-piv-tool -a status still reads the card" has "CHUID"
run counters
check "the PIN and PUK counters are untouched by the refused commands" \
    sh -c "[ \"\$0\" = \"\$(cat $w/counters.before)\" ]" "$out"

# --- tokens the card refuses, each with its reason; the lock holds
refused() {
	run uimkey lock apply "$2"
	check "refused: $1" sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -qF -- \"\$1\"" "$out" "$3"
}
refused "the same token again (replay)" "$w/lock101.pem" \
    "replayed token: its counter 101 is the last one the card applied"
uimkey lock token --issuer-key "$w/issuer.key" --serial $((S + 1)) --counter 200 \
    --action unlock -o "$w/other-card.pem" >/dev/null
refused "a token for another card" "$w/other-card.pem" \
    "the token is for card $((S + 1)), this is card $S"
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 50 \
    --action unlock -o "$w/old.pem" >/dev/null
refused "an unlock token with a lower counter" "$w/old.pem" \
    "old token: its counter 50 is not above the card's last applied counter 101"
uimkey lock token --issuer-key "$w/other.key" --serial "$S" --counter 300 \
    --action unlock --der -o "$w/forged.tok" >/dev/null
refused "an unlock token signed by another key" "$w/forged.tok" \
    "bad signature: the token is not signed by this card's issuer key"
# The issuer's own unlock token for counter 101 (useless: not above 101)
# with its counter changed to 102 (the last byte of tag 03, offset 14).
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 101 \
    --action unlock --der -o "$w/u101.tok" >/dev/null
{ head -c 14 "$w/u101.tok"; printf '\146'; tail -c +16 "$w/u101.tok"; } > "$w/changed.tok"
refused "the issuer's token with a changed counter" "$w/changed.tok" "bad signature"
run uimkey lock status --json
check "after the refusals the card is still locked at counter 101" \
    has '"locked": true, "counter": 101'
run counters
check "and PIN and PUK still have all their tries" \
    sh -c "[ \"\$0\" = \"\$(cat $w/counters.before)\" ]" "$out"

# --- RESET is refused while locked: by the card and by uimkey
run uimkey apdu "00 FB 00 00"
check "the card refuses RESET while locked (6283)" has "SW 6283"
run uimkey reset
check "uimkey reset refuses a locked card and says why" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'LOCKED BY ISSUER'" "$out"

# --- the lock survives restarts of the card process
uimkey-env card-stop 0 >/dev/null
uimkey-wait --absent "00 00" --timeout 10 >/dev/null
uimkey-env card-start 0 >/dev/null
uimkey-wait --timeout 10 >/dev/null
run uimkey lock status
check "still locked after a restart" has "LOCKED BY ISSUER, counter 101"
kill -KILL "$(cat "$UIMKEY_ENV_DIR/card0.pid")"
uimkey-wait --absent "00 00" --timeout 10 >/dev/null
uimkey-env card-start 0 >/dev/null
uimkey-wait --timeout 10 >/dev/null
run uimkey lock status
check "still locked after kill -9" has "LOCKED BY ISSUER, counter 101"
run yubico-piv-tool -r "$READER0" -a verify-pin -P 31415926
check "and the PIN is still refused after kill -9" test "$rc" -ne 0

# --- found again: the issuer's unlock token with a higher counter
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 102 \
    --action unlock -o "$w/unlock102.pem" >/dev/null
run uimkey lock apply "$w/unlock102.pem"
check "an unlock token with a higher counter unlocks the card" \
    has "unlocked by its issuer (counter 102)"
run uimkey pin verify --pin-file "$w/pin"
check "the PIN works again" has "PIN verified"
run sign "$w/sig.after"
check "OpenSC signs with the 9A key again" test "$rc" -eq 0
run openssl dgst -sha256 -verify "$w/9a.pub" -signature "$w/sig.after" "$w/data"
check "the new signature verifies with the same 9A public key" has "Verified OK"
check "the key is intact: the card signs as before (RFC 6979)" \
    cmp -s "$w/sig.before" "$w/sig.after"
uimkey key attest --slot 9a -o "$w/att.after"
check "the attested 9A key is the one from before the lock" sh -c \
    "[ \"\$(openssl x509 -in $w/att.after -pubkey -noout)\" = \"\$(cat $w/9a.pub)\" ]"
run uimkey info
check "info no longer warns of a lock" sh -c \
    "! printf '%s' \"\$0\" | grep -q LOCKED" "$out"
refused "the unlock token again (replay)" "$w/unlock102.pem" "replayed token"

# --- no rollback: after a newer lock, the old unlock token is worthless
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 103 \
    --action lock -o "$w/lock103.pem" >/dev/null
run uimkey lock apply "$w/lock103.pem"
check "locked again (counter 103)" has "LOCKED BY ISSUER (counter 103)"
refused "the earlier unlock token cannot undo the newer lock" "$w/unlock102.pem" \
    "old token: its counter 102 is not above the card's last applied counter 103"
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 110 \
    --action lock -o "$w/lock110.pem" >/dev/null
run uimkey lock apply "$w/lock110.pem"
check "a second lock token with a higher counter only raises the counter" \
    has "still locked by its issuer; counter raised from 103 to 110"

# --- RESET is refused even with PIN and PUK both blocked
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 111 \
    --action unlock | uimkey lock apply - >/dev/null
for i in 1 2 3; do uimkey pin verify --pin-file "$w/wrong" >/dev/null 2>&1; done
printf '11223344\n' > "$w/newpin"
for i in 1 2 3; do
	uimkey pin unblock --puk-file "$w/wrong" --new-pin-file "$w/newpin" >/dev/null 2>&1
done
run uimkey pin retries --json
check "PIN and PUK both blocked" has '"pin": {"tries_left": 0, "tries_total": 3}, "puk": {"tries_left": 0'
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 112 \
    --action lock | uimkey lock apply - >/dev/null
run uimkey apdu "00 FB 00 00"
check "a locked card with PIN and PUK blocked still refuses RESET (6283)" has "SW 6283"
uimkey lock token --issuer-key "$w/issuer.key" --serial "$S" --counter 113 \
    --action unlock | uimkey lock apply - >/dev/null
run uimkey key attest --slot 9a -o "$w/att.still"
check "the refused RESET erased nothing: 9A is still there" test "$rc" -eq 0
run uimkey reset
check "unlocked, the card with both blocked resets" test "$rc" -eq 0
check "reset says the issuer key and counter are kept" has "and the issuer key and lock counter"
run uimkey lock status --json
check "after RESET the card is still bound to its issuer at counter 113" \
    has '"issuer_key": true, "locked": false, "counter": 113'
refused "a token from before the RESET cannot replay" "$w/lock110.pem" "old token"
rm -rf "$w"
