# SPDX-License-Identifier: BSD-2-Clause
# The issuer lock's command line: `uimkey lock token` needs no card and
# writes exactly the token of docs/apdu.md (openssl checks its signature
# over the documented 29-byte message); bad input is refused with exit 2
# and the reason; `uimkey lock install` binds a card personalized without
# an issuer, once, and refuses a card with the factory management key;
# every token's signature is low-S and the card refuses a high-S twin;
# `lock apply` to a card without an issuer says so; the
# profile's "issuer" field is checked with path-named errors, and a card
# bound before (RESET keeps the binding) is personalized with the same
# key only.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
for k in issuer other; do
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$w/$k.key" 2>/dev/null
	openssl pkey -in "$w/$k.key" -pubout -out "$w/$k.pub"
done
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 \
    -out "$w/p384.key" 2>/dev/null
openssl pkey -in "$w/p384.key" -pubout -out "$w/p384.pub"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out "$w/rsa.key" 2>/dev/null
S=$(uimkey list | sed -n "s/^$READER0: uimkey, serial \([0-9]*\),.*/\1/p")

# usage CODE TEXT CMD...: CMD exits CODE and says TEXT.
usage() {
	code=$1 text=$2
	shift 2
	run "$@"
	[ "$rc" -eq "$code" ] && has "$text"
}
T="uimkey lock token --issuer-key $w/issuer.key"

# tok s FILE: "low" or "high", the form of a token's signature (s <= n/2
# or not); tok twin FILE OUT: the token with (r, n - s), DER.
cat > "$w/tok.py" <<'EOF'
import sys
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature, encode_dss_signature)
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
d = open(sys.argv[2], 'rb').read()
if d.startswith(b'-----'):
    import base64
    d = base64.b64decode(b''.join(l for l in d.splitlines()
                                  if not l.startswith(b'-----')))
i = 0
while d[i] != 4:
    i += 2 + d[i + 1]
r, s = decode_dss_signature(d[i + 2:i + 2 + d[i + 1]])
if sys.argv[1] == 's':
    print('low' if s <= N // 2 else 'high')
else:
    sig = encode_dss_signature(r, N - s)
    open(sys.argv[3], 'wb').write(d[:i] + bytes([4, len(sig)]) + sig)
EOF
tok() { /usr/bin/python3 "$w/tok.py" "$@"; }

# --- lock token: the issuer's side, refused input
check "no issuer key" usage 2 "--issuer-key KEY is required" \
    uimkey lock token --serial 1 --counter 1 --action lock
check "no serial" usage 2 "--serial N is required" $T --counter 1 --action lock
check "a serial that is not a number" usage 2 "--serial 'x12': expected a whole number" \
    $T --serial x12 --counter 1 --action lock
check "a serial beyond 32 bits" usage 2 "expected a whole number from 0 to 4294967295" \
    $T --serial 4294967296 --counter 1 --action lock
check "counter 0 (no card can accept it)" usage 2 "--counter '0': expected a whole number from 1" \
    $T --serial 1 --counter 0 --action lock
check "an unknown action" usage 2 "--action must be lock or unlock" \
    $T --serial 1 --counter 1 --action wipe
check "lock token takes no card options" usage 2 "unknown option '--reader'" \
    $T --reader x --serial 1 --counter 1 --action lock
check "an RSA key is not an issuer key" usage 2 "is not an EC P-256 key" \
    uimkey lock token --issuer-key "$w/rsa.key" --serial 1 --counter 1 --action lock
check "a P-384 key is not an issuer key" usage 2 "is not an EC P-256 key" \
    uimkey lock token --issuer-key "$w/p384.key" --serial 1 --counter 1 --action lock
check "a public key is not a private key" usage 2 "is not an unencrypted RSA or EC private key" \
    uimkey lock token --issuer-key "$w/issuer.pub" --serial 1 --counter 1 --action lock
check "a PKCS#11 URI with the PIN in it" usage 2 "pin-value puts the PIN on the command line" \
    uimkey lock token --issuer-key "pkcs11:token=x?module-path=/m.so&pin-value=1234" \
    --serial 1 --counter 1 --action lock
check "a PKCS#11 URI without a module" usage 2 "names no module" \
    uimkey lock token --issuer-key "pkcs11:token=x" --serial 1 --counter 1 --action lock
run $T --serial 1 --counter 1 --action lock --issuer-pub "$w/other.pub" -o "$w/mismatch.pem"
check "--issuer-pub of another key: refused, nothing written" \
    sh -c "[ $rc -eq 1 ] && [ ! -e $w/mismatch.pem ] && printf '%s' \"\$0\" | grep -q 'does not verify'" "$out"

# --- the token is the documented bytes, signed over the documented message
run $T --serial "$S" --counter 258 --action unlock --issuer-pub "$w/issuer.pub" \
    --der -o "$w/t.der"
check "lock token --der writes the raw token" has "unlock token for card $S, counter 258"
hexs=$(printf '%08x' "$S")
check "01 04 serial, 02 01 02 (unlock), 03 04 counter, 04 L signature" sh -c \
    "od -An -tx1 -v $w/t.der | tr -d ' \n' | grep -q '^0104${hexs}020102030400000102044[0-8]30'"
# The message: the domain string, then serial, action and counter as the
# token carries them.
{ printf 'uimkey lock token v1'; dd if="$w/t.der" bs=1 skip=2 count=4 2>/dev/null
  dd if="$w/t.der" bs=1 skip=8 count=1 2>/dev/null
  dd if="$w/t.der" bs=1 skip=11 count=4 2>/dev/null; } > "$w/msg.bin"
check "the signed message is 29 bytes" test "$(wc -c < "$w/msg.bin")" -eq 29
tail -c +18 "$w/t.der" > "$w/sig.der"
run openssl dgst -sha256 -verify "$w/issuer.pub" -signature "$w/sig.der" "$w/msg.bin"
check "openssl verifies the token's signature over the message" has "Verified OK"
run $T --serial "$S" --counter 258 --action unlock -o "$w/t.pem"
check "lock token writes PEM by default" grep -q "^-----BEGIN UIMKEY LOCK TOKEN-----" "$w/t.pem"
# Low S: BearSSL's signatures have s > n/2 about half the time; the card
# takes only s <= n/2, and every token must carry that form.
forms=""
for c in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	$T --serial "$S" --counter $c --action lock -o "$w/ls.pem" >/dev/null
	forms="$forms $(tok s "$w/ls.pem")"
done
check "16 tokens signed with a key file: every signature low-S (s <= n/2)" \
    sh -c "printf '%s' \"\$0\" | grep -q low && ! printf '%s' \"\$0\" | grep -q high" "$forms"
tok twin "$w/t.der" "$w/t-high.der"
tail -c +18 "$w/t-high.der" > "$w/sig-high.der"
run openssl dgst -sha256 -verify "$w/issuer.pub" -signature "$w/sig-high.der" "$w/msg.bin"
check "(its high-S twin (r, n - s) verifies for openssl too)" has "Verified OK"
check "(the twin is high-S)" test "$(tok s "$w/t-high.der")" = high
run $T --serial "$S" --counter 258 --action unlock
check "without -o the token goes to standard output" has "BEGIN UIMKEY LOCK TOKEN"
printf 'not a token\n' > "$w/junk"
check "lock apply of a file that is no token" usage 2 "is not a lock token" \
    uimkey lock apply "$w/junk"
printf '%s\n' "-----BEGIN CERTIFICATE-----" "MAA=" "-----END CERTIFICATE-----" > "$w/cert.pem"
check "lock apply of PEM that holds another object" usage 2 "holds no UIMKEY LOCK TOKEN" \
    uimkey lock apply "$w/cert.pem"

# --- a card without an issuer key
run uimkey lock status
check "lock status: no issuer key" has "no issuer key installed"
run uimkey lock apply "$w/t.der"
check "lock apply to a card without an issuer: refused, and why" sh -c \
    "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'the card has no issuer key'" "$out"

# --- the profile's issuer field (nothing reaches the card)
uimkey info --json > "$w/state0"
C='"credentials": {"pin": "random", "puk": "random", "management_key": {"key": "random"}}'
bad() {
	printf '%s\n' "$3" > "$w/bad.json"
	run uimkey personalize --profile "$w/bad.json" --secrets-out "$w/bad.secrets"
	check "profile refused: $1" sh -c "[ $rc -eq 2 ] && printf '%s' \"\$0\" | grep -qF -- \"\$1\"" "$out" "$2"
}
bad "an unknown key in issuer" '$.issuer.colour: unknown key' \
    "{\"version\": 1, $C, \"issuer\": {\"public_key\": \"issuer.pub\", \"colour\": 1}}"
bad "no public key" '$.issuer: "public_key" is required' \
    "{\"version\": 1, $C, \"issuer\": {\"counter\": 3}}"
bad "a counter out of range" '$.issuer.counter: expected a whole number from 0 to 4294967294' \
    "{\"version\": 1, $C, \"issuer\": {\"public_key\": \"issuer.pub\", \"counter\": 4294967295}}"
bad "a counter as a string" '$.issuer.counter: expected a whole number' \
    "{\"version\": 1, $C, \"issuer\": {\"public_key\": \"issuer.pub\", \"counter\": \"1\"}}"
bad "a P-384 public key" "\$.issuer.public_key: '$w/p384.pub' is not an EC P-256 public key" \
    "{\"version\": 1, $C, \"issuer\": {\"public_key\": \"p384.pub\"}}"
bad "a private key instead of the public key" '$.issuer.public_key: cannot read' \
    "{\"version\": 1, $C, \"issuer\": {\"public_key\": \"issuer.key\"}}"
bad "a file that does not exist" '$.issuer.public_key: cannot read' \
    "{\"version\": 1, $C, \"issuer\": {\"public_key\": \"nope.pub\"}}"
bad "an array for the issuer" '$.issuer: expected an object' \
    "{\"version\": 1, $C, \"issuer\": []}"
check "the refused profiles changed nothing" sh -c \
    "uimkey info --json | cmp -s - $w/state0"

# --- lock install: a card personalized earlier, without an issuer
check "install: no key given" usage 2 "--issuer-pub FILE is required" \
    uimkey lock install
check "install: a P-384 key" usage 2 "is not an EC P-256 public key" \
    uimkey lock install --issuer-pub "$w/p384.pub"
check "install: counter 4294967295 (no token could pass it)" \
    usage 2 "expected a whole number from 0 to 4294967294" \
    uimkey lock install --issuer-pub "$w/issuer.pub" --counter 4294967295
run uimkey lock install --issuer-pub "$w/issuer.pub" --counter 7
check "install on a card with the factory management key: the card refuses, and why" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'still has the factory management key, which anyone can use'" "$out"
run uimkey lock status --json
check "...and it is not bound" has '"issuer_key": false'
cat > "$w/p1.json" <<'EOF'
{"version": 1,
 "credentials": {"pin": {"value": "31415926"}, "puk": {"value": "27182818"},
                 "management_key": {"alg": "aes128", "key": {"file": "mgmt"}}}}
EOF
printf '00112233445566778899aabbccddeeff\n' > "$w/mgmt"
printf '00112233445566778899aabbccddeefe\n' > "$w/badmgmt"
run uimkey personalize --profile "$w/p1.json"
check "a card personalized without an issuer" sh -c \
    "[ $rc -eq 0 ] && ! printf '%s' \"\$0\" | grep -q issuer" "$out"
run uimkey lock install --issuer-pub "$w/issuer.pub" --counter 7 --mgmt-key-file "$w/badmgmt"
check "install needs the right management key" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'wrong management key'" "$out"
run uimkey lock install --issuer-pub "$w/issuer.pub" --counter 7 --mgmt-key-file "$w/mgmt"
check "lock install binds it (start counter 7)" has "start counter 7"
run uimkey lock status --json
check "lock status --json after install" has "\"serial\": $S, \"issuer_key\": true, \"locked\": false, \"counter\": 7"
run uimkey lock apply "$w/t-high.der"
check "lock apply of a genuine token's high-S twin: refused, and why" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'bad signature: it is not in low-S form'" "$out"
run uimkey lock status --json
check "...and the counter is still 7" has '"counter": 7,'
run uimkey lock install --issuer-pub "$w/issuer.pub" --counter 9 --mgmt-key-file "$w/mgmt"
check "the same key again: nothing to do (exit 0), counter kept" \
    sh -c "[ $rc -eq 0 ] && printf '%s' \"\$0\" | grep -q 'already (SHA-256 [0-9a-f]*), counter 7: nothing to do'" "$out"
run uimkey lock install --issuer-pub "$w/other.pub" --mgmt-key-file "$w/mgmt"
check "another key: refused, the binding cannot be replaced" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'bound to another issuer key'" "$out"
run uimkey apdu "00 57 00 00 00"
check "the card's INSTALL without the management key: 6982" has "SW 6982"
run uimkey lock apply "$w/t.der"
check "the token from before (counter 258) now unlocks an unlocked card: only the counter rises" \
    has "not locked; counter raised from 7 to 258"

# --- RESET keeps the binding; personalize then needs the same issuer
printf '00000000\n' > "$w/wrong"
for i in 1 2 3; do uimkey pin verify --pin-file "$w/wrong" >/dev/null 2>&1; done
printf '11223344\n' > "$w/newpin"
for i in 1 2 3; do
	uimkey pin unblock --puk-file "$w/wrong" --new-pin-file "$w/newpin" >/dev/null 2>&1
done
uimkey reset >/dev/null
cat > "$w/p2.json" <<'EOF'
{"version": 1,
 "credentials": {"pin": "random", "puk": "random",
                 "management_key": {"key": "random"}},
 "issuer": {"public_key": "other.pub"}}
EOF
uimkey info --json > "$w/state1"
run uimkey personalize --profile "$w/p2.json" --secrets-out "$w/s2"
check "personalize with another issuer than the card's: refused" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'bound to another issuer key already'" "$out"
check "before the card changed, and no secrets file written" sh -c \
    "uimkey info --json | cmp -s - $w/state1 && [ ! -e $w/s2 ]"
sed 's/other.pub/issuer.pub/' "$w/p2.json" > "$w/p3.json"
run uimkey personalize --profile "$w/p3.json" --secrets-out "$w/s3"
check "personalize with the card's own issuer keeps the binding and its counter" \
    has "issuer key kept from before (lock counter 258)"
rm -rf "$w"
