# SPDX-License-Identifier: BSD-2-Clause
# uimkey personalize: the JSON profile is checked field by field (unknown
# keys, wrong types, bad values refused with the path of the field, and
# nothing changes on the card); a full profile sets the objects, the PIN
# policy, keys in slots and the attestation certificate; a second run is
# refused until the card is reset; an RSA manufacturer CA works too.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$w/mca.key" -out "$w/mca.crt" -days 30 \
    -subj "/CN=uimkey test manufacturer CA" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$w/rsaca.key" \
    -out "$w/rsaca.crt" -days 30 -subj "/CN=uimkey test RSA manufacturer CA" 2>/dev/null
state() { uimkey info --json; uimkey cert export --slot f9; }
state > "$w/state0"

# bad NAME EXPECTED JSON: the profile is refused (exit 2) with EXPECTED in
# the message, and the card is as it was.
bad() {
	printf '%s\n' "$3" > "$w/bad.json"
	run uimkey personalize --profile "$w/bad.json" --secrets-out "$w/bad.secrets"
	check "refused: $1" sh -c "[ $rc -eq 2 ] && printf '%s' \"\$0\" | grep -qF -- \"\$1\"" "$out" "$2"
}
C='"credentials": {"pin": "random", "puk": "random", "management_key": {"alg": "aes128", "key": "random"}}'
bad "malformed JSON (cut short), with line and column" \
    "line 3, column 1: the JSON ends too early" '{"version": 1,
  "credentials": {'
bad "two commas" "line 1, column 14: not valid JSON" '{"version": 1,, }'
bad "a missing comma" "not valid JSON" "{\"version\": 1 $C}"
bad "a trailing comma" "not valid JSON" "{\"version\": 1, $C,}"
bad "text after the profile" "text after the profile" "{\"version\": 1, $C} {}"
bad "an unknown key, with its path" '$.colour: unknown key' \
    "{\"version\": 1, $C, \"colour\": \"red\"}"
bad "an unknown nested key" '$.credentials.pinn: unknown key' \
    '{"version": 1, "credentials": {"pinn": "random"}}'
bad "a key given twice" '$.version: given twice' "{\"version\": 1, \"version\": 1, $C}"
bad "a number as a string" '$.credentials.pin_retries: expected a whole number from 1 to 15' \
    '{"version": 1, "credentials": {"pin": "random", "pin_retries": "5"}}'
bad "a number out of range" '$.credentials.puk_retries: expected a whole number from 1 to 15' \
    '{"version": 1, "credentials": {"puk_retries": 16}}'
bad "a string as a boolean" '$.pin_policy.digits_only: expected true or false' \
    "{\"version\": 1, $C, \"pin_policy\": {\"digits_only\": \"yes\"}}"
bad "bad hex" '$.objects.ccc.card_id: expected 21 bytes in hex' \
    "{\"version\": 1, $C, \"objects\": {\"ccc\": {\"card_id\": \"XYZ\"}}}"
bad "an object where a string goes" '$.objects.chuid.expiry: expected a string' \
    "{\"version\": 1, $C, \"objects\": {\"chuid\": {\"expiry\": {}}}}"
bad "a bad date" '$.objects.chuid.expiry: expected YYYYMMDD' \
    "{\"version\": 1, $C, \"objects\": {\"chuid\": {\"expiry\": \"2030-12\"}}}"
bad "a missing credential" '$.credentials: "puk" is required' \
    '{"version": 1, "credentials": {"pin": "random", "management_key": {"key": "random"}}}'
bad "a short PIN" '$.credentials.pin: a PIN has 6 to 8 characters' \
    '{"version": 1, "credentials": {"pin": {"value": "1234"}}}'
bad "a trivial PIN the card would refuse half way" "the profile's PIN is trivial" \
    '{"version": 1, "credentials": {"pin": {"value": "111111"}, "puk": "random", "management_key": {"key": "random"}}}'
bad "a PIN shorter than the profile's policy" "shorter than its policy's 8 characters" \
    "{\"version\": 1, \"credentials\": {\"pin\": {\"value\": \"3141592\"}, \"puk\": \"random\", \"management_key\": {\"key\": \"random\"}}, \"pin_policy\": {\"min_length\": 8}}"
bad "a bad slot name" '$.slots.9b: not a key slot' \
    "{\"version\": 1, $C, \"slots\": {\"9b\": {\"generate\": \"p256\"}}}"
bad "a bad algorithm" '$.slots.9a.generate: expected p256' \
    "{\"version\": 1, $C, \"slots\": {\"9a\": {\"generate\": \"rsa1024\"}}}"
bad "a bad management key algorithm" '$.credentials.management_key.alg: expected aes128' \
    '{"version": 1, "credentials": {"management_key": {"alg": "des", "key": "random"}}}'
bad "an unsupported version" '$.version: expected a whole number from 1 to 1' \
    "{\"version\": 2, $C}"
bad "no version" '$: "version": 1 is required' "{$C}"
bad "an array for an object" '$.attestation: expected an object' \
    "{\"version\": 1, $C, \"attestation\": []}"
bad "a secret file that cannot be read" "cannot read the PIN from" \
    '{"version": 1, "credentials": {"pin": {"file": "no-such-file"}}}'
bad "a CA key that is not the certificate's" "is not the key of the certificate" \
    "{\"version\": 1, $C, \"attestation\": {\"ca_key\": \"rsaca.key\", \"ca_cert\": \"mca.crt\"}}"
printf 'x\n' > "$w/exists.txt"
printf '{"version": 1, %s}\n' "$C" > "$w/p.json"
run uimkey personalize --profile "$w/p.json" --secrets-out "$w/exists.txt"
check "refused: a secrets file that exists already" \
    sh -c "[ $rc -eq 2 ] && printf '%s' \"\$0\" | grep -q 'exists'" "$out"
run uimkey personalize --profile "$w/p.json"
check "refused: random values with nowhere to write them" \
    sh -c "[ $rc -eq 2 ] && printf '%s' \"\$0\" | grep -q 'random values need a file'" "$out"
run uimkey personalize --profile "$w/nothing.json"
check "refused: a profile that cannot be read" test "$rc" -eq 2
check "no refused profile left a secrets file" test ! -e "$w/bad.secrets"
state > "$w/state1"
check "no refused profile changed the card" cmp -s "$w/state0" "$w/state1"

# A full profile: objects, PIN policy with change-before-first-use, keys.
printf '11223344556677889900AABBCCDDEEFF\n' > "$w/mgmt"
cat > "$w/full.json" <<'EOF'
{
  "version": 1,
  "credentials": {
    "pin": {"value": "40817263"},
    "puk": "random",
    "management_key": {"alg": "aes128", "key": {"file": "mgmt"}},
    "secrets_output": "full.secrets"
  },
  "pin_policy": {"min_length": 8, "digits_only": true, "no_trivial": true,
                 "change_first": true},
  "objects": {
    "chuid": {"fascn": "D4E739DA739CED39CE739D836858210842108421C84210C3EB",
              "guid": "00112233445566778899AABBCCDDEEFF", "expiry": "20311130"},
    "ccc": {"card_id": "A000000116FF0275696D6B6579000000000102030A"},
    "printed": {"name": "Bob \u00c9tienne", "expiration_date": "2031NOV30"}
  },
  "slots": {
    "9a": {"generate": "p256", "pin_policy": "always"},
    "9d": {"generate": "rsa2048"}
  },
  "attestation": {"ca_key": "mca.key", "ca_cert": "mca.crt", "validity_days": 3650}
}
EOF
run uimkey personalize --profile "$w/full.json"
check "personalize with a full profile" test "$rc" -eq 0
check "only the random PUK is in the secrets file" sh -c \
    "grep -q '^PUK=' $w/full.secrets && ! grep -q '^PIN=' $w/full.secrets && ! grep -q MANAGEMENT $w/full.secrets"
run uimkey info
check "the profile's keys are on the card: 9A P-256, PIN always" \
    has "p256, generated on the card, PIN policy always"
check "the profile's keys are on the card: 9D RSA-2048" \
    has "rsa2048, generated on the card, PIN policy once"
check "info says the PIN must be changed before use" has "must be changed before use"
# hexline: the last output's hex on one line.
hexline() { printf '%s' "$out" | tr '\n' ' ' | tr -s ' '; }
run uimkey apdu "00 CB 3F FF 05 5C 03 5F C1 02 00"
check "the CHUID holds the profile's GUID and expiry" sh -c "printf '%s' '$(hexline)' | grep -q '34 10 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 35 08 32 30 33 31 31 31 33 30'"
run uimkey apdu "00 CB 3F FF 05 5C 03 5F C1 07 00"
check "the CCC holds the profile's card identifier" has "F0 15 A0 00 00 01 16 FF 02"
printf '40817263\n' > "$w/pin0"
run uimkey pin verify --pin-file "$w/pin0"
check "the initial PIN must be changed first (change_first)" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'must be changed'" "$out"
printf '123456\n' > "$w/short"
run uimkey pin change --pin-file "$w/pin0" --new-pin-file "$w/short"
check "the profile's policy refuses a 6-digit PIN" has "PIN policy"
printf '92736451\n' > "$w/pin"
run uimkey pin change --pin-file "$w/pin0" --new-pin-file "$w/pin"
check "the user chooses a PIN" test "$rc" -eq 0
run uimkey pin verify --pin-file "$w/pin"
check "and it works" has "PIN verified"
uimkey cert export --slot f9 -o "$w/f9.crt"
run openssl x509 -in "$w/f9.crt" -noout -enddate
check "the attestation certificate has the profile's validity (10 years)" \
    has "notAfter=$(date -u -d '+3650 days' '+%b %e')"
run openssl verify -CAfile "$w/mca.crt" "$w/f9.crt"
check "openssl: F9 certificate issued by the manufacturer CA" has OK
run uimkey personalize --profile "$w/full.json" --secrets-out "$w/twice"
check "a personalized card refuses a second personalization" \
    sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'reset it first'" "$out"

# Reset (PIN and PUK blocked), then personalize again, with an RSA CA.
printf '00000000\n' > "$w/bad"
for i in 1 2 3; do uimkey pin verify --pin-file "$w/bad" >/dev/null 2>&1; done
for i in 1 2 3; do
	uimkey pin unblock --puk-file "$w/bad" --new-pin-file "$w/pin" >/dev/null 2>&1
done
run uimkey reset
check "reset the personalized card" test "$rc" -eq 0
cat > "$w/rsa.json" <<'EOF'
{
  "version": 1,
  "credentials": {
    "pin": "random", "puk": "random",
    "management_key": {"alg": "aes192", "key": "random"},
    "secrets_output": "rsa.secrets"
  },
  "attestation": {"ca_key": "rsaca.key", "ca_cert": "rsaca.crt"}
}
EOF
run uimkey personalize --profile "$w/rsa.json"
check "after reset the card can be personalized again" test "$rc" -eq 0
uimkey cert export --slot f9 -o "$w/f9.rsa"
run openssl x509 -in "$w/f9.rsa" -noout -text
check "the new F9 certificate is signed by the RSA CA" has "sha256WithRSAEncryption"
run openssl verify -CAfile "$w/rsaca.crt" "$w/f9.rsa"
check "openssl: the new F9 certificate verifies to the RSA CA" has OK
sed -n 's/^MANAGEMENT_KEY=//p' "$w/rsa.secrets" > "$w/mgmt2"
sed -n 's/^PIN=//p' "$w/rsa.secrets" > "$w/pin2"
uimkey key generate --slot 9e --alg p256 --mgmt-key-file "$w/mgmt2" -o "$w/9e.pub" 2>/dev/null
run uimkey request --slot 9e --subject "CN=after reset" --attest \
    --attestation-out "$w/9e.chain" -o "$w/9e.csr"
run uimkey ra verify "$w/9e.csr" --attestation "$w/9e.chain" \
    --manufacturer-roots "$w/rsaca.crt"
check "the RA accepts an attestation under the RSA manufacturer CA" \
    has "attested to CN=uimkey test RSA manufacturer CA"
rm -rf "$w"
