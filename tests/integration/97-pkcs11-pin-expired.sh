# SPDX-License-Identifier: BSD-2-Clause
# A PIN the card wants changed before first use, as PKCS#11 models an
# expired PIN: C_Login with it succeeds (and spends no try), the token says
# CKF_USER_PIN_TO_BE_CHANGED, operations on PIN-protected keys are
# CKR_PIN_EXPIRED at their C_*Init, a key of PIN policy never still
# signs, and C_SetPIN in the logged-in session makes the keys usable.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
printf '0011223344556677889900112233445566778899AABBCCDDEEFF001122334455\n' > "$w/mgmt"
cat > "$w/profile.json" <<'JSON'
{
  "version": 1,
  "credentials": {
    "pin": {"value": "73829104"},
    "puk": {"value": "58203746"},
    "management_key": {"alg": "aes256", "key": {"file": "mgmt"}}
  },
  "pin_policy": {"min_length": 6, "no_trivial": true, "change_first": true},
  "slots": {"9a": {"generate": "p256", "pin_policy": "once"},
            "9e": {"generate": "p256", "pin_policy": "never"}}
}
JSON
run uimkey personalize --profile "$w/profile.json"
check "personalized with a PIN to be changed first" test "$rc" -eq 0

py "$UIMKEY_TOP/tests/integration/97-pkcs11-pin-expired.py" "$MODULE"
check "the PyKCS11 script ran to its end" test $? -eq 0
rm -rf "$w"
