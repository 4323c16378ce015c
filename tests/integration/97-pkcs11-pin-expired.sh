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

cat > "$w/expired.py" <<'PY'
import sys
import PyKCS11

failures = 0


def check(cond, name):
    global failures
    print(("ok - " if cond else "not ok - ") + name, flush=True)
    failures += 0 if cond else 1


def rv_of(fn, *args):
    try:
        fn(*args)
        return PyKCS11.CKR_OK
    except PyKCS11.PyKCS11Error as e:
        return e.value


def check_rv(got, want, name):
    if got != want:
        print("# %s: got %s, want %s" % (name, PyKCS11.CKR.get(got, got),
                                          PyKCS11.CKR.get(want, want)))
    check(got == want, name)


lib = PyKCS11.PyKCS11Lib()
lib.load(sys.argv[1])
slot = lib.getSlotList(tokenPresent=True)[0]
flags = lambda: lib.getTokenInfo(slot).flags
s = lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
mech = PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256)


def key(cls, kid):
    found = s.findObjects([(PyKCS11.CKA_CLASS, cls), (PyKCS11.CKA_ID, (kid,))])
    return found[0] if found else None


check(flags() & PyKCS11.CKF_USER_PIN_TO_BE_CHANGED,
      "CKF_USER_PIN_TO_BE_CHANGED before the first use")
check_rv(rv_of(s.login, "11111111"), PyKCS11.CKR_PIN_INCORRECT,
         "a wrong PIN is still CKR_PIN_INCORRECT")
check(flags() & PyKCS11.CKF_USER_PIN_COUNT_LOW, "and it cost a try")
check_rv(rv_of(s.login, "73829104"), PyKCS11.CKR_OK,
         "C_Login with the right PIN to be changed: CKR_OK")
check(s.getSessionInfo().state == PyKCS11.CKS_RW_USER_FUNCTIONS,
      "the session is the user's")
check(flags() & PyKCS11.CKF_USER_PIN_TO_BE_CHANGED,
      "the PIN is still to be changed")
k9a = key(PyKCS11.CKO_PRIVATE_KEY, 1)
check(k9a is not None, "the 9A private key is visible")
check_rv(rv_of(s.sign, k9a, b"doc", mech), PyKCS11.CKR_PIN_EXPIRED,
         "C_SignInit with the 9A key (PIN once): CKR_PIN_EXPIRED")
k9e = key(PyKCS11.CKO_PRIVATE_KEY, 4)
check_rv(rv_of(s.sign, k9e, b"doc", mech), PyKCS11.CKR_OK,
         "the 9E key (PIN policy never) signs")
check_rv(rv_of(s.setPin, "73829104", "51739264"), PyKCS11.CKR_OK,
         "C_SetPIN in the logged-in session")
check(not flags() & PyKCS11.CKF_USER_PIN_TO_BE_CHANGED,
      "the PIN is no longer to be changed")
check(not flags() & PyKCS11.CKF_USER_PIN_COUNT_LOW,
      "the counter is full again")
sig = None
try:
    sig = bytes(s.sign(k9a, b"doc", mech))
except PyKCS11.PyKCS11Error as e:
    print("# sign: %s" % e)
check(sig is not None and len(sig) == 64, "now the 9A key signs")
pub = key(PyKCS11.CKO_PUBLIC_KEY, 1)
check(pub is not None and s.verify(pub, b"doc", sig, mech),
      "and the signature verifies")
s.logout()
check_rv(rv_of(s.login, "51739264"), PyKCS11.CKR_OK, "C_Login with the new PIN")
check_rv(rv_of(s.sign, k9a, b"doc", mech), PyKCS11.CKR_OK, "signs at once")
s.logout()
s.closeSession()
sys.exit(1 if failures else 0)
PY
# PyKCS11 is C++: under ASan its exceptions need libstdc++ loaded first.
STDCXX=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
LD_PRELOAD="$UIMKEY_PRELOAD${UIMKEY_PRELOAD:+ $STDCXX}" \
    ASAN_OPTIONS=detect_leaks=0 /usr/bin/python3 "$w/expired.py" "$MODULE"
check "the PyKCS11 script ran to its end" test $? -eq 0
rm -rf "$w"
