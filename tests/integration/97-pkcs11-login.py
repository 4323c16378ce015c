# SPDX-License-Identifier: BSD-2-Clause
# The login state machine, PINs, the PUK path, the card's counters in the
# token flags, APDU counts, re-login after another program's reset, card
# removal.  Run by 97-pkcs11-login.sh with: MODULE RESPONSE_LOG READER.
import os
import subprocess
import sys

import PyKCS11
from PyKCS11 import LowLevel as LL
from PyKCS11.LowLevel import ckbytelist
from p11check import check, check_rv, done, rv_of

MODULE, RSP_LOG, READER = sys.argv[1:4]
SO_KEY = "010203040506070801020304050607080102030405060708"


def responses():
    try:
        with open(RSP_LOG) as f:
            return f.read().split()
    except FileNotFoundError:
        return []


def apdus():
    return len(responses())


lib = PyKCS11.PyKCS11Lib()
lib.load(MODULE)
slot = lib.getSlotList(tokenPresent=True)[0]
RW = PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION


def flags():
    return lib.getTokenInfo(slot).flags


def key(s, cls, kid):
    found = s.findObjects([(PyKCS11.CKA_CLASS, cls), (PyKCS11.CKA_ID, (kid,))])
    return found[0] if found else None


def low_sign(s, k, mech, data, context_pin=None):
    """C_SignInit, optional CKU_CONTEXT_SPECIFIC login, C_Sign twice."""
    sig = ckbytelist()
    rv = s.lib.C_SignInit(s.session, mech.to_native(), k)
    if rv != PyKCS11.CKR_OK:
        return rv, None
    if context_pin is not None:
        rv = rv_of(s.login, context_pin, PyKCS11.CKU_CONTEXT_SPECIFIC)
        if rv != PyKCS11.CKR_OK:
            return rv, None
    rv = s.lib.C_Sign(s.session, ckbytelist(data), sig)
    if rv != PyKCS11.CKR_OK:
        return rv, None
    rv = s.lib.C_Sign(s.session, ckbytelist(data), sig)
    return rv, bytes(sig)


ecdsa = PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256)
rsa = PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)

# --- token flags from the card's counters ---
f = flags()
check(f & PyKCS11.CKF_USER_PIN_TO_BE_CHANGED, "factory PIN: CKF_USER_PIN_TO_BE_CHANGED")
check(f & PyKCS11.CKF_SO_PIN_TO_BE_CHANGED, "factory PUK: CKF_SO_PIN_TO_BE_CHANGED")
check(f & PyKCS11.CKF_RNG, "CKF_RNG: the card's generator")
check(not f & PyKCS11.CKF_USER_PIN_COUNT_LOW, "no wrong PIN yet")

ro = lib.openSession(slot)
rw = lib.openSession(slot, RW)
r1 = bytes(ro.generateRandom(600))
r2 = bytes(ro.generateRandom(600))
check(len(r1) == 600 and r1 != r2, "C_GenerateRandom: 600 bytes from the card, fresh each time")
check_rv(rv_of(ro.seedRandom, [1, 2, 3]), PyKCS11.CKR_RANDOM_SEED_NOT_SUPPORTED,
         "C_SeedRandom: the card takes no seed")
check_rv(rv_of(ro.logout), PyKCS11.CKR_USER_NOT_LOGGED_IN,
         "C_Logout when nobody is logged in")
# PINs the card could never take: CKR_PIN_INCORRECT (the only code of
# C_Login's list for them), refused before any VERIFY: no try is spent.
n = apdus()
for pin, what in (("12345", "5 characters"), ("123456789", "9 characters"),
                  ("1" * 64, "64 characters"),
                  ("123\x0056", "7 characters with a NUL")):
    check_rv(rv_of(ro.login, pin), PyKCS11.CKR_PIN_INCORRECT,
             "a PIN of %s: CKR_PIN_INCORRECT" % what)
check(apdus() - n == 0, "... and no VERIFY was sent (%d APDUs)" % (apdus() - n))
check(not flags() & PyKCS11.CKF_USER_PIN_COUNT_LOW,
      "... the card's PIN counter is untouched (no CKF_USER_PIN_COUNT_LOW)")
ti = lib.getTokenInfo(slot)
check(ti.ulMinPinLen == 6 and ti.ulMaxPinLen == 8,
      "C_GetTokenInfo: the PIN is 6 to 8 bytes (%d..%d)" % (ti.ulMinPinLen, ti.ulMaxPinLen))
check_rv(rv_of(ro.login, "999999"), PyKCS11.CKR_PIN_INCORRECT,
         "a wrong PIN: CKR_PIN_INCORRECT")
f = flags()
check(f & PyKCS11.CKF_USER_PIN_COUNT_LOW, "one wrong PIN: CKF_USER_PIN_COUNT_LOW")
check_rv(rv_of(ro.login, "999999"), PyKCS11.CKR_PIN_INCORRECT, "a second wrong PIN")
check(flags() & PyKCS11.CKF_USER_PIN_FINAL_TRY, "two wrong PINs: CKF_USER_PIN_FINAL_TRY")
check_rv(rv_of(ro.login, "123456", 42), PyKCS11.CKR_USER_TYPE_INVALID,
         "an unknown user type: CKR_USER_TYPE_INVALID")
check_rv(rv_of(ro.login, "123456", PyKCS11.CKU_CONTEXT_SPECIFIC),
         PyKCS11.CKR_OPERATION_NOT_INITIALIZED,
         "CKU_CONTEXT_SPECIFIC with no operation: CKR_OPERATION_NOT_INITIALIZED")
check_rv(rv_of(rw.login, SO_KEY, PyKCS11.CKU_SO),
         PyKCS11.CKR_SESSION_READ_ONLY_EXISTS,
         "SO login with a read-only session open: CKR_SESSION_READ_ONLY_EXISTS")

# --- login: one APDU; the state of both sessions follows ---
n = apdus()
check_rv(rv_of(ro.login, "123456"), PyKCS11.CKR_OK, "C_Login as the user")
check(apdus() - n == 1, "C_Login is one APDU (%d)" % (apdus() - n))
check(not flags() & PyKCS11.CKF_USER_PIN_COUNT_LOW, "the right PIN resets the counter")
check(ro.getSessionInfo().state2text() == "CKS_RO_USER_FUNCTIONS", "RO session: CKS_RO_USER_FUNCTIONS")
check(rw.getSessionInfo().state2text() == "CKS_RW_USER_FUNCTIONS", "RW session: CKS_RW_USER_FUNCTIONS")
check_rv(rv_of(rw.login, "123456"), PyKCS11.CKR_USER_ALREADY_LOGGED_IN,
         "C_Login again: CKR_USER_ALREADY_LOGGED_IN")
check_rv(rv_of(rw.login, SO_KEY, PyKCS11.CKU_SO),
         PyKCS11.CKR_USER_ANOTHER_ALREADY_LOGGED_IN,
         "SO while the user is in: CKR_USER_ANOTHER_ALREADY_LOGGED_IN")

# --- the warm token: sessions and searches send nothing ---
rw.findObjects([])                              # the first reads the card
n = apdus()
s2 = lib.openSession(slot)
objs = s2.findObjects([])
check(apdus() - n == 0, "C_OpenSession and C_FindObjects on a warm token: no APDU")
k9a = key(s2, PyKCS11.CKO_PRIVATE_KEY, 1)
k9c = key(s2, PyKCS11.CKO_PRIVATE_KEY, 2)
check(k9a is not None and k9c is not None, "private keys visible after login")
attrs = s2.getAttributeValue(k9c, [PyKCS11.CKA_ALWAYS_AUTHENTICATE])
check(attrs[0] is True, "9C: CKA_ALWAYS_AUTHENTICATE")

# --- signatures: one APDU (PIN once), two (PIN always) ---
n = apdus()
rv, sig = low_sign(s2, k9a, ecdsa, b"data")
check(rv == PyKCS11.CKR_OK and len(sig) == 64, "ECDSA with 9A")
check(apdus() - n == 1, "C_Sign with a PIN-once key: one APDU (%d)" % (apdus() - n))
rv, sig = low_sign(s2, k9c, rsa, b"data")
check_rv(rv, PyKCS11.CKR_USER_NOT_LOGGED_IN,
         "9C without CKU_CONTEXT_SPECIFIC: CKR_USER_NOT_LOGGED_IN")
rv, sig = low_sign(s2, k9c, rsa, b"data", context_pin="999999")
check_rv(rv, PyKCS11.CKR_PIN_INCORRECT, "CKU_CONTEXT_SPECIFIC with a wrong PIN")
# The operation stays: the PIN may be given again.
n = apdus()
check_rv(rv_of(s2.login, "123456", PyKCS11.CKU_CONTEXT_SPECIFIC), PyKCS11.CKR_OK,
         "CKU_CONTEXT_SPECIFIC with the right PIN")
sig = ckbytelist()
s2.lib.C_Sign(s2.session, ckbytelist(b"data"), sig)
rv = s2.lib.C_Sign(s2.session, ckbytelist(b"data"), sig)
check(rv == PyKCS11.CKR_OK and len(sig) == 256, "9C with CKU_CONTEXT_SPECIFIC signs")
# RSA 2048: VERIFY, then the block in two chained parts and GET RESPONSE.
used = apdus() - n
check(used <= 4, "PIN-always signature: VERIFY + one command (%d APDUs)" % used)
rv, sig = low_sign(s2, k9c, rsa, b"data")
check_rv(rv, PyKCS11.CKR_USER_NOT_LOGGED_IN, "and the next signature needs it again")
k9d = key(s2, PyKCS11.CKO_PRIVATE_KEY, 3)
n = apdus()
rv, sig = low_sign(s2, k9d, ecdsa, b"data", context_pin="123456")
check(rv == PyKCS11.CKR_OK and len(sig) == 64, "EC key of PIN policy always signs")
check(apdus() - n == 2, "PIN-always EC signature: VERIFY + sign, two APDUs (%d)"
      % (apdus() - n))
# The login's PIN again: the module sends its VERIFY with the signature,
# in one transaction, so another program's command in between (here a
# SELECT, which ends the card's PIN verification) takes nothing from it.
check_rv(s2.lib.C_SignInit(s2.session, ecdsa.to_native(), k9d), PyKCS11.CKR_OK,
         "C_SignInit with the PIN-always EC key")
n = apdus()
check_rv(rv_of(s2.login, "123456", PyKCS11.CKU_CONTEXT_SPECIFIC), PyKCS11.CKR_OK,
         "CKU_CONTEXT_SPECIFIC with the login's PIN")
check(apdus() - n == 0, "... sends nothing yet (%d APDUs)" % (apdus() - n))
subprocess.run(["opensc-tool", "-r", READER, "-s",
                "00:A4:04:00:05:A0:00:00:03:08"], capture_output=True)
n = apdus()
sig = ckbytelist()
s2.lib.C_Sign(s2.session, ckbytelist(b"data"), sig)     # the length
rv = s2.lib.C_Sign(s2.session, ckbytelist(b"data"), sig)
check(rv == PyKCS11.CKR_OK and len(sig) == 64,
      "C_Sign after another program's SELECT: signs")
check(apdus() - n == 2, "... its VERIFY and the signature, two APDUs (%d)"
      % (apdus() - n))

# --- another program resets the card: the module logs in again ---
subprocess.run(["opensc-tool", "-r", READER, "-s",
                "00:A4:04:00:05:A0:00:00:03:08"], capture_output=True)
subprocess.run(["opensc-tool", "-r", READER, "-s", "00:20:FF:80"],
               capture_output=True)
rv, sig = low_sign(s2, k9a, ecdsa, b"after reset")
check_rv(rv, PyKCS11.CKR_OK, "signs after another program reset the card and logged it out")

# --- logout ends the user's functions for every session ---
check_rv(rv_of(s2.logout), PyKCS11.CKR_OK, "C_Logout")
check(ro.getSessionInfo().state2text() == "CKS_RO_PUBLIC_SESSION", "after logout: CKS_RO_PUBLIC_SESSION")
check(key(ro, PyKCS11.CKO_PRIVATE_KEY, 1) is None, "after logout the 9A private key is hidden")
rv, sig = low_sign(ro, k9a, ecdsa, b"x")
check(rv in (PyKCS11.CKR_USER_NOT_LOGGED_IN, PyKCS11.CKR_KEY_HANDLE_INVALID),
      "after logout its handle cannot sign")
s2.closeSession()

# --- C_SetPIN: the user's PIN (read-only sessions refused) ---
check_rv(rv_of(ro.setPin, "123456", "654321"), PyKCS11.CKR_SESSION_READ_ONLY,
         "C_SetPIN in a read-only session: CKR_SESSION_READ_ONLY")
check_rv(rv_of(rw.setPin, "999999", "518274"), PyKCS11.CKR_PIN_INCORRECT,
         "C_SetPIN with a wrong old PIN")
check_rv(rv_of(rw.setPin, "123456", "111111"), PyKCS11.CKR_PIN_INVALID,
         "C_SetPIN to a trivial PIN: CKR_PIN_INVALID (the card's policy)")
check_rv(rv_of(rw.setPin, "123456", "12345"), PyKCS11.CKR_PIN_LEN_RANGE,
         "C_SetPIN to a 5-character PIN: CKR_PIN_LEN_RANGE")
check_rv(rv_of(rw.setPin, "123456", "864213"), PyKCS11.CKR_OK, "C_SetPIN changes the PIN")
check(not flags() & PyKCS11.CKF_USER_PIN_TO_BE_CHANGED, "a changed PIN is no longer to be changed")
check_rv(rv_of(rw.login, "864213"), PyKCS11.CKR_OK, "C_Login with the new PIN")
check_rv(rv_of(rw.setPin, "864213", "975312"), PyKCS11.CKR_OK, "C_SetPIN while logged in")
rv, sig = low_sign(rw, key(rw, PyKCS11.CKO_PRIVATE_KEY, 1), ecdsa, b"y")
check_rv(rv, PyKCS11.CKR_OK, "still signs after C_SetPIN")
rw.logout()

# --- the PUK path: SO with the PUK, C_InitPIN resets (and unblocks) ---
for _ in range(3):
    ro.login("000000") if False else rv_of(ro.login, "000000")
check(flags() & PyKCS11.CKF_USER_PIN_LOCKED, "three wrong PINs: CKF_USER_PIN_LOCKED")
check_rv(rv_of(ro.login, "975312"), PyKCS11.CKR_PIN_LOCKED, "the right PIN then: CKR_PIN_LOCKED")
ro.closeSession()
check_rv(rv_of(rw.login, "87654321", PyKCS11.CKU_SO), PyKCS11.CKR_PIN_INCORRECT,
         "SO login with a wrong PUK")
check(flags() & PyKCS11.CKF_SO_PIN_COUNT_LOW, "a wrong PUK: CKF_SO_PIN_COUNT_LOW")
check_rv(rv_of(rw.login, "12345678", PyKCS11.CKU_SO), PyKCS11.CKR_OK, "SO login with the PUK")
check(rw.getSessionInfo().state2text() == "CKS_RW_SO_FUNCTIONS", "CKS_RW_SO_FUNCTIONS")
check_rv(rv_of(lib.openSession, slot), PyKCS11.CKR_SESSION_READ_WRITE_SO_EXISTS,
         "no read-only session while the SO is in")
check_rv(rv_of(rw.initPin, "222222"), PyKCS11.CKR_PIN_INVALID,
         "C_InitPIN refuses a trivial PIN (the card's policy)")
check_rv(rv_of(rw.initPin, "246813"), PyKCS11.CKR_OK, "C_InitPIN with the PUK sets the PIN")
check(not flags() & PyKCS11.CKF_USER_PIN_LOCKED, "and unblocks it")
check_rv(rv_of(rw.logout), PyKCS11.CKR_OK, "SO logout")
check_rv(rv_of(rw.initPin, "123456"), PyKCS11.CKR_USER_NOT_LOGGED_IN,
         "C_InitPIN without the SO: CKR_USER_NOT_LOGGED_IN")
check_rv(rv_of(rw.login, "246813"), PyKCS11.CKR_OK, "the PIN set by C_InitPIN works")
rw.logout()

# --- SO with the management key: C_SetPIN changes it ---
check_rv(rv_of(rw.login, "00" * 24, PyKCS11.CKU_SO), PyKCS11.CKR_PIN_INCORRECT,
         "SO login with a wrong management key")
check_rv(rv_of(rw.login, "zz" * 24, PyKCS11.CKU_SO), PyKCS11.CKR_PIN_INCORRECT,
         "SO login with a key that is not hex")
n = apdus()
check_rv(rv_of(rw.login, "00" * 20, PyKCS11.CKU_SO), PyKCS11.CKR_PIN_INCORRECT,
         "SO login with a 20-byte key: CKR_PIN_INCORRECT")
check_rv(rv_of(rw.login, SO_KEY[:-1], PyKCS11.CKU_SO), PyKCS11.CKR_PIN_INCORRECT,
         "SO login with an odd number of hex digits: CKR_PIN_INCORRECT")
check_rv(rv_of(rw.login, "12345", PyKCS11.CKU_SO), PyKCS11.CKR_PIN_INCORRECT,
         "SO login with a 5-character PUK: CKR_PIN_INCORRECT")
check(apdus() - n == 0, "... none of them sent a command (%d APDUs)" % (apdus() - n))
check(not flags() & PyKCS11.CKF_SO_PIN_COUNT_LOW,
      "... the PUK counter is untouched (no CKF_SO_PIN_COUNT_LOW)")
n = apdus()
check_rv(rv_of(rw.login, SO_KEY[:32], PyKCS11.CKU_SO), PyKCS11.CKR_PIN_INCORRECT,
         "SO login with an AES-128-sized key for the 3DES key: CKR_PIN_INCORRECT")
check(not any(r.startswith("7C") for r in responses()[n:]),
      "... after the card's metadata only: no GENERAL AUTHENTICATE")
check_rv(rv_of(rw.login, SO_KEY, PyKCS11.CKU_SO), PyKCS11.CKR_OK,
         "SO login with the management key (hex)")
check_rv(rv_of(rw.initPin, "123456"), PyKCS11.CKR_FUNCTION_NOT_SUPPORTED,
         "C_InitPIN with the management key: not supported (PIV needs the PUK)")
NEW = "00112233445566778899aabbccddeeff"
check_rv(rv_of(rw.setPin, SO_KEY, NEW), PyKCS11.CKR_OK,
         "C_SetPIN as SO changes the management key (AES-128)")
rw.logout()
check_rv(rv_of(rw.login, NEW, PyKCS11.CKU_SO), PyKCS11.CKR_OK, "SO login with the new key")
n = apdus()
rw.logout()
# The PIV application's template (its PIX in 4F) answers only a SELECT.
check("4F06000010000100" in "".join(responses()[n:]),
      "SO logout selects PIV again: the card forgets the management key")

# --- the card leaves: its sessions end; it comes back usable ---
rw.login("246813")
kgone = key(rw, PyKCS11.CKO_PRIVATE_KEY, 1)
subprocess.run(["uimkey-env", "card-stop", "0"], capture_output=True)
subprocess.run(["uimkey-wait", "--absent", "00 00", "--timeout", "10"], capture_output=True)
rv, sig = low_sign(rw, kgone, ecdsa, b"z")
check(rv in (PyKCS11.CKR_DEVICE_REMOVED, PyKCS11.CKR_SESSION_HANDLE_INVALID,
             PyKCS11.CKR_KEY_HANDLE_INVALID, PyKCS11.CKR_TOKEN_NOT_PRESENT),
      "a session on a removed card fails (%s)" % PyKCS11.CKR.get(rv, rv))
check(len(lib.getSlotList(tokenPresent=True)) == 0, "no token while the card is out")
check_rv(rv_of(rw.getSessionInfo), PyKCS11.CKR_SESSION_HANDLE_INVALID,
         "its sessions are closed")
subprocess.run(["uimkey-env", "card-start", "0"], capture_output=True)
subprocess.run(["uimkey-wait", "--timeout", "10"], capture_output=True)
slots = lib.getSlotList(tokenPresent=True)
check(len(slots) == 1, "the card is back")
s3 = lib.openSession(slots[0])
s3.login("246813")
rv, sig = low_sign(s3, key(s3, PyKCS11.CKO_PRIVATE_KEY, 1), ecdsa, b"back")
check_rv(rv, PyKCS11.CKR_OK, "a new session signs on the card put back")
s3.logout()
s3.closeSession()
done()
