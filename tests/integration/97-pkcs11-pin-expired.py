# SPDX-License-Identifier: BSD-2-Clause
# An expired PIN through PyKCS11: run by 97-pkcs11-pin-expired.sh with
# MODULE, on a card whose PIN "73829104" must be changed before use and
# whose 9A (PIN once) and 9E (PIN never) keys are P-256.
import sys

import PyKCS11
from p11check import check, check_rv, done, rv_of

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
done()
