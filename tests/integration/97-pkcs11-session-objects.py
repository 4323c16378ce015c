# SPDX-License-Identifier: BSD-2-Clause
# Session objects through PyKCS11, in read-only sessions: public keys
# (EC from a card key's public key, RSA, P-521), certificates and data
# objects created, found, read, changed, used by C_Verify and C_Encrypt,
# destroyed, and gone when their session closes or the user logs out.
# Run by 97-pkcs11-session-objects.sh with: MODULE CERT.der READER.
import subprocess
import sys

import PyKCS11
from PyKCS11 import LowLevel as LL
from PyKCS11.LowLevel import ckbytelist
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography import x509
from p11check import check, check_rv, done, rv_of

MODULE, CERT, READER = sys.argv[1:4]
CKR_ACTION_PROHIBITED = 0x1B            # PKCS#11 v2.40; not in PyKCS11 1.5
PIN = "123456"


def create(s, template):
    """C_CreateObject: (rv, handle)."""
    try:
        return PyKCS11.CKR_OK, s.createObject(template)
    except PyKCS11.PyKCS11Error as e:
        return e.value, None


def attr(s, h, t):
    return s.getAttributeValue(h, [t])[0]


def bin_attr(s, h, t):
    v = attr(s, h, t)
    return None if v is None else bytes(v)


def handles(found):
    return set(h.value() for h in found)


def verify_rv(s, key, data, sig, mech):
    """C_VerifyInit + C_Verify: the CK_RV of the two."""
    rv = s.lib.C_VerifyInit(s.session, mech.to_native(), key)
    if rv != PyKCS11.CKR_OK:
        return rv
    return s.lib.C_Verify(s.session, ckbytelist(data), ckbytelist(sig))


lib = PyKCS11.PyKCS11Lib()
lib.load(MODULE)
slot = lib.getSlotList(tokenPresent=True)[0]
CLASS, TOKEN, ID, LABEL = (PyKCS11.CKA_CLASS, PyKCS11.CKA_TOKEN,
                           PyKCS11.CKA_ID, PyKCS11.CKA_LABEL)
PUB, CERT_C, DATA = (PyKCS11.CKO_PUBLIC_KEY, PyKCS11.CKO_CERTIFICATE,
                     PyKCS11.CKO_DATA)
ecdsa = PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256)

ro = lib.openSession(slot)                       # read-only
check(not ro.getSessionInfo().flags & PyKCS11.CKF_RW_SESSION,
      "the session is read-only")

# --- an EC public key from the card's 9A public key ---
tok_pub = ro.findObjects([(CLASS, PUB), (ID, (1,))])[0]
params = bin_attr(ro, tok_pub, PyKCS11.CKA_EC_PARAMS)
point = bin_attr(ro, tok_pub, PyKCS11.CKA_EC_POINT)
tok_spki = bin_attr(ro, tok_pub, PyKCS11.CKA_PUBLIC_KEY_INFO)
ec_tmpl = [(CLASS, PUB), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC),
           (TOKEN, False), (LABEL, "session ec"), (ID, (0x42,)),
           (PyKCS11.CKA_EC_PARAMS, params), (PyKCS11.CKA_EC_POINT, point)]
rv, sk = create(ro, ec_tmpl)
check_rv(rv, PyKCS11.CKR_OK, "C_CreateObject: EC P-256 session public key in a read-only session")
found = ro.findObjects([(ID, (0x42,))])
check(handles(found) == {sk.value()}, "found alone by its CKA_ID")
everything = handles(ro.findObjects([]))
check(sk.value() in everything and tok_pub.value() in everything,
      "found among the token objects by an empty template")
pubs = handles(ro.findObjects([(CLASS, PUB)]))
check(sk.value() in pubs and tok_pub.value() in pubs, "and among the public keys")
check(handles(ro.findObjects([(TOKEN, False)])) == {sk.value()},
      "CKA_TOKEN false finds the session object alone")
a = ro.getAttributeValue(sk, [TOKEN, PyKCS11.CKA_PRIVATE, PyKCS11.CKA_MODIFIABLE,
                              PyKCS11.CKA_VERIFY, PyKCS11.CKA_ENCRYPT,
                              PyKCS11.CKA_DERIVE, PyKCS11.CKA_LOCAL, LABEL])
check(a == [False, False, True, True, False, False, False, "session ec"],
      "attributes: not token, not private, modifiable, verify, no encrypt/derive, not local, label (%s)" % a)
check(bin_attr(ro, sk, PyKCS11.CKA_EC_POINT) == point and
      bin_attr(ro, sk, PyKCS11.CKA_EC_PARAMS) == params,
      "CKA_EC_POINT and CKA_EC_PARAMS read back")
check(bin_attr(ro, sk, PyKCS11.CKA_PUBLIC_KEY_INFO) == tok_spki,
      "CKA_PUBLIC_KEY_INFO is the card key's SubjectPublicKeyInfo")
raw_tmpl = [x for x in ec_tmpl if x[0] not in (PyKCS11.CKA_EC_POINT, ID)]
raw_tmpl += [(PyKCS11.CKA_EC_POINT, point[2:]), (ID, (0x43,))]
rv, sk_raw = create(ro, raw_tmpl)
check(rv == PyKCS11.CKR_OK and bin_attr(ro, sk_raw, PyKCS11.CKA_EC_POINT) == point,
      "the raw point (no OCTET STRING) is taken, and read as DER")
named = [x for x in raw_tmpl if x[0] != PyKCS11.CKA_EC_PARAMS]
named += [(PyKCS11.CKA_EC_PARAMS, b"\x13\x0aprime256v1")]
rv, sk_named = create(ro, named)
check(rv == PyKCS11.CKR_OK and bin_attr(ro, sk_named, PyKCS11.CKA_EC_PARAMS) == params,
      "CKA_EC_PARAMS as a curve name is taken, read as the OID")

# --- C_Verify of the card's signatures with the session key ---
ro.login(PIN)
priv = ro.findObjects([(CLASS, PyKCS11.CKO_PRIVATE_KEY), (ID, (1,))])[0]
data = b"signed by the card, verified by a session object"
sig = bytes(ro.sign(priv, data, ecdsa))
check_rv(verify_rv(ro, sk, data, sig, ecdsa), PyKCS11.CKR_OK,
         "C_Verify with the session key accepts the card's signature")
check_rv(verify_rv(ro, sk_raw, data, sig, ecdsa), PyKCS11.CKR_OK,
         "and so does the one made from the raw point")
bad = bytearray(sig)
bad[5] ^= 1
check_rv(verify_rv(ro, sk, data, bytes(bad), ecdsa), PyKCS11.CKR_SIGNATURE_INVALID,
         "a changed signature: CKR_SIGNATURE_INVALID")
check_rv(verify_rv(ro, sk, data + b"!", sig, ecdsa), PyKCS11.CKR_SIGNATURE_INVALID,
         "other data: CKR_SIGNATURE_INVALID")
rv = ro.lib.C_EncryptInit(ro.session, PyKCS11.Mechanism(PyKCS11.CKM_RSA_PKCS).to_native(), sk)
check_rv(rv, PyKCS11.CKR_KEY_TYPE_INCONSISTENT, "an EC session key does not encrypt with RSA")
rv = ro.lib.C_SignInit(ro.session, ecdsa.to_native(), sk)
check_rv(rv, PyKCS11.CKR_KEY_FUNCTION_NOT_PERMITTED, "a session public key does not sign")

# --- C_SetAttributeValue ---
check_rv(rv_of(ro.setAttributeValue, sk, [(LABEL, "renamed"), (ID, (0x44,))]),
         PyKCS11.CKR_OK, "C_SetAttributeValue: CKA_LABEL and CKA_ID")
check(attr(ro, sk, LABEL) == "renamed" and bin_attr(ro, sk, ID) == b"\x44" and
      handles(ro.findObjects([(ID, (0x44,))])) == {sk.value()},
      "the new label and id are read and found")
check_rv(rv_of(ro.setAttributeValue, sk, [(PyKCS11.CKA_EC_POINT, point)]),
         PyKCS11.CKR_ATTRIBUTE_READ_ONLY, "CKA_EC_POINT cannot change")
check_rv(rv_of(ro.setAttributeValue, sk, [(LABEL, "x"), (PyKCS11.CKA_MODULUS, b"\x01")]),
         PyKCS11.CKR_ATTRIBUTE_TYPE_INVALID, "an attribute the key does not have: TYPE_INVALID")
check(attr(ro, sk, LABEL) == "renamed", "a refused change changes nothing")
check_rv(rv_of(ro.setAttributeValue, sk, [(PyKCS11.CKA_VERIFY, False)]), PyKCS11.CKR_OK,
         "CKA_VERIFY set to false")
check_rv(verify_rv(ro, sk, data, sig, ecdsa), PyKCS11.CKR_KEY_FUNCTION_NOT_PERMITTED,
         "then C_VerifyInit: CKR_KEY_FUNCTION_NOT_PERMITTED")
ro.setAttributeValue(sk, [(PyKCS11.CKA_VERIFY, True)])
rv, fixed = create(ro, ec_tmpl[:4] + ec_tmpl[5:] + [(PyKCS11.CKA_MODIFIABLE, False)])
check_rv(rv_of(ro.setAttributeValue, fixed, [(LABEL, "x")]), CKR_ACTION_PROHIBITED,
         "CKA_MODIFIABLE false: C_SetAttributeValue is CKR_ACTION_PROHIBITED")

# --- an RSA public key from the card's 9D key: verify, encrypt ---
rsa_tok = ro.findObjects([(CLASS, PUB), (ID, (3,))])[0]
rsa_priv = ro.findObjects([(CLASS, PyKCS11.CKO_PRIVATE_KEY), (ID, (3,))])[0]
n = bin_attr(ro, rsa_tok, PyKCS11.CKA_MODULUS)
e = bin_attr(ro, rsa_tok, PyKCS11.CKA_PUBLIC_EXPONENT)
rv, rk = create(ro, [(CLASS, PUB), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_RSA),
                     (PyKCS11.CKA_MODULUS, b"\x00" + n),
                     (PyKCS11.CKA_PUBLIC_EXPONENT, e), (LABEL, "session rsa")])
check_rv(rv, PyKCS11.CKR_OK, "C_CreateObject: RSA 2048 session public key")
a = ro.getAttributeValue(rk, [PyKCS11.CKA_MODULUS_BITS, PyKCS11.CKA_ENCRYPT, PyKCS11.CKA_VERIFY])
check(a == [2048, True, True], "RSA: CKA_MODULUS_BITS 2048, encrypt and verify (%s)" % a)
check(bin_attr(ro, rk, PyKCS11.CKA_MODULUS) == n, "the modulus is read without the leading zero")
check(bin_attr(ro, rk, PyKCS11.CKA_PUBLIC_KEY_INFO) ==
      bin_attr(ro, rsa_tok, PyKCS11.CKA_PUBLIC_KEY_INFO),
      "RSA CKA_PUBLIC_KEY_INFO is the card key's")
mechs = [("SHA256-RSA-PKCS", PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)),
         ("SHA384-RSA-PKCS-PSS", PyKCS11.RSA_PSS_Mechanism(
             PyKCS11.CKM_SHA384_RSA_PKCS_PSS, PyKCS11.CKM_SHA384,
             PyKCS11.CKG_MGF1_SHA384, 48)),
         ("SHA1-RSA-PKCS", PyKCS11.Mechanism(PyKCS11.CKM_SHA1_RSA_PKCS))]
for name, m in mechs:
    sig = bytes(ro.sign(rsa_priv, data, m))
    ok = verify_rv(ro, rk, data, sig, m)
    bad = bytearray(sig)
    bad[-1] ^= 1
    check(ok == PyKCS11.CKR_OK and
          verify_rv(ro, rk, data, bytes(bad), m) == PyKCS11.CKR_SIGNATURE_INVALID,
          "%s: the session key verifies the card's signature, refuses a changed one" % name)
msg = b"to the card through a session key"
enc = bytes(ro.encrypt(rk, msg, PyKCS11.Mechanism(PyKCS11.CKM_RSA_PKCS)))
check(len(enc) == 256 and bytes(ro.decrypt(rsa_priv, enc, PyKCS11.Mechanism(PyKCS11.CKM_RSA_PKCS))) == msg,
      "C_Encrypt (PKCS#1 v1.5) with the session key, the card decrypts")
oaep = PyKCS11.RSAOAEPMechanism(PyKCS11.CKM_SHA256, PyKCS11.CKG_MGF1_SHA256)
enc = bytes(ro.encrypt(rk, msg, oaep))
check(bytes(ro.decrypt(rsa_priv, enc, oaep)) == msg,
      "C_Encrypt (OAEP SHA-256) with the session key, the card decrypts")

# --- P-521: verified on the host ---
k521 = ec.generate_private_key(ec.SECP521R1())
nums = k521.public_key().public_numbers()
q = b"\x04" + nums.x.to_bytes(66, "big") + nums.y.to_bytes(66, "big")
rv, p521 = create(ro, [(CLASS, PUB), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC),
                       (PyKCS11.CKA_EC_PARAMS, b"\x06\x05\x2b\x81\x04\x00\x23"),
                       (PyKCS11.CKA_EC_POINT, b"\x04\x81\x85" + q)])
check_rv(rv, PyKCS11.CKR_OK, "C_CreateObject: EC P-521 session public key")
r, s_ = utils.decode_dss_signature(k521.sign(data, ec.ECDSA(hashes.SHA512())))
sig521 = r.to_bytes(66, "big") + s_.to_bytes(66, "big")
m512 = PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA512)
check_rv(verify_rv(ro, p521, data, sig521, m512), PyKCS11.CKR_OK,
         "P-521: ECDSA-SHA512 made by python-cryptography verifies")
check_rv(verify_rv(ro, p521, data + b"?", sig521, m512), PyKCS11.CKR_SIGNATURE_INVALID,
         "P-521: other data does not")
mi = lib.getMechanismInfo(slot, "CKM_ECDSA")
check(mi.ulMaxKeySize == 521, "CKM_ECDSA's key sizes reach 521 bits (verification)")

# --- certificates and data objects ---
der = open(CERT, "rb").read()
cert = x509.load_der_x509_certificate(der)
rv, ch = create(ro, [(CLASS, CERT_C), (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509),
                     (PyKCS11.CKA_VALUE, der), (LABEL, "session cert")])
check_rv(rv, PyKCS11.CKR_OK, "C_CreateObject: X.509 certificate session object")
check(bin_attr(ro, ch, PyKCS11.CKA_SUBJECT) == cert.subject.public_bytes() and
      bin_attr(ro, ch, PyKCS11.CKA_ISSUER) == cert.issuer.public_bytes(),
      "CKA_SUBJECT and CKA_ISSUER taken from the certificate")
ser = bin_attr(ro, ch, PyKCS11.CKA_SERIAL_NUMBER)
check(ser is not None and ser[0] == 2 and
      int.from_bytes(ser[2:], "big") == cert.serial_number,
      "CKA_SERIAL_NUMBER: the DER INTEGER of the serial")
check(bin_attr(ro, ch, PyKCS11.CKA_VALUE) == der, "CKA_VALUE reads back")
certs = handles(ro.findObjects([(CLASS, CERT_C), (TOKEN, False)]))
check(certs == {ch.value()}, "found among certificates by CKA_TOKEN false")
rv, dh = create(ro, [(CLASS, DATA), (PyKCS11.CKA_APPLICATION, "uimkey test"),
                     (PyKCS11.CKA_OBJECT_ID, b"\x06\x03\x2a\x03\x04"),
                     (PyKCS11.CKA_VALUE, b"some data"), (LABEL, "session data")])
check_rv(rv, PyKCS11.CKR_OK, "C_CreateObject: data object")
check(handles(ro.findObjects([(PyKCS11.CKA_APPLICATION, "uimkey test")])) == {dh.value()} and
      bin_attr(ro, dh, PyKCS11.CKA_VALUE) == b"some data" and
      bin_attr(ro, dh, PyKCS11.CKA_OBJECT_ID) == b"\x06\x03\x2a\x03\x04",
      "the data object is found by CKA_APPLICATION and read")
check_rv(rv_of(ro.setAttributeValue, dh, [(PyKCS11.CKA_VALUE, b"other data")]),
         PyKCS11.CKR_OK, "a data object's value changes")
check(bin_attr(ro, dh, PyKCS11.CKA_VALUE) == b"other data", "and reads back changed")
check_rv(rv_of(ro.destroyObject, ch), PyKCS11.CKR_OK, "C_DestroyObject: the certificate (no SO)")
check_rv(rv_of(ro.destroyObject, dh), PyKCS11.CKR_OK, "C_DestroyObject: the data object")
check(not ro.findObjects([(TOKEN, False), (CLASS, CERT_C)]) and
      not ro.findObjects([(CLASS, DATA)]), "both are gone")
check_rv(rv_of(ro.getAttributeValue, ch, [LABEL]), PyKCS11.CKR_OBJECT_HANDLE_INVALID,
         "a destroyed object's handle is invalid")

# --- bad templates ---
check_rv(create(ro, [(PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC)])[0],
         PyKCS11.CKR_TEMPLATE_INCOMPLETE, "no CKA_CLASS: CKR_TEMPLATE_INCOMPLETE")
check_rv(create(ro, ec_tmpl[:2] + [(PyKCS11.CKA_EC_PARAMS, params)])[0],
         PyKCS11.CKR_TEMPLATE_INCOMPLETE, "no CKA_EC_POINT: CKR_TEMPLATE_INCOMPLETE")
secp256k1 = b"\x06\x05\x2b\x81\x04\x00\x0a"
check_rv(create(ro, ec_tmpl[:2] + [(PyKCS11.CKA_EC_PARAMS, secp256k1),
                                   (PyKCS11.CKA_EC_POINT, point)])[0],
         PyKCS11.CKR_CURVE_NOT_SUPPORTED, "secp256k1: CKR_CURVE_NOT_SUPPORTED")
off = bytearray(point)
off[-1] ^= 1
check_rv(create(ro, ec_tmpl[:2] + [(PyKCS11.CKA_EC_PARAMS, params),
                                   (PyKCS11.CKA_EC_POINT, bytes(off))])[0],
         PyKCS11.CKR_ATTRIBUTE_VALUE_INVALID, "a point off the curve: CKR_ATTRIBUTE_VALUE_INVALID")
check_rv(create(ro, ec_tmpl + [(PyKCS11.CKA_MODULUS, n)])[0],
         PyKCS11.CKR_TEMPLATE_INCONSISTENT, "CKA_MODULUS in an EC key: CKR_TEMPLATE_INCONSISTENT")
check_rv(create(ro, ec_tmpl + [(PyKCS11.CKA_VALUE, b"x")])[0],
         PyKCS11.CKR_ATTRIBUTE_TYPE_INVALID, "CKA_VALUE in a public key: CKR_ATTRIBUTE_TYPE_INVALID")
check_rv(create(ro, ec_tmpl + [(PyKCS11.CKA_LOCAL, True)])[0],
         PyKCS11.CKR_ATTRIBUTE_READ_ONLY, "CKA_LOCAL true: CKR_ATTRIBUTE_READ_ONLY")
check_rv(create(ro, [(CLASS, PyKCS11.CKO_PRIVATE_KEY), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC),
                     (TOKEN, False), (PyKCS11.CKA_VALUE, b"\x01" * 32)])[0],
         PyKCS11.CKR_TEMPLATE_INCONSISTENT, "a private key is not imported: CKR_TEMPLATE_INCONSISTENT")
check_rv(create(ro, [(CLASS, PUB), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_RSA),
                     (PyKCS11.CKA_MODULUS, n[:128]), (PyKCS11.CKA_PUBLIC_EXPONENT, e)])[0],
         PyKCS11.CKR_ATTRIBUTE_VALUE_INVALID, "RSA 1024: CKR_ATTRIBUTE_VALUE_INVALID")
check_rv(create(ro, [(CLASS, CERT_C), (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509),
                     (PyKCS11.CKA_VALUE, der[:-1])])[0],
         PyKCS11.CKR_ATTRIBUTE_VALUE_INVALID, "a cut certificate: CKR_ATTRIBUTE_VALUE_INVALID")
check_rv(create(ro, [(CLASS, CERT_C), (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509),
                     (TOKEN, True), (PyKCS11.CKA_VALUE, der)])[0],
         PyKCS11.CKR_SESSION_READ_ONLY, "a token object in a read-only session: CKR_SESSION_READ_ONLY")
check_rv(create(ro, [(CLASS, DATA), (PyKCS11.CKA_VALUE, b"x" * (64 * 1024 + 1))])[0],
         PyKCS11.CKR_HOST_MEMORY, "a value over 64 KiB: CKR_HOST_MEMORY")

# --- the limit on session objects ---
made = []
rv = PyKCS11.CKR_OK
while rv == PyKCS11.CKR_OK and len(made) < 1000:
    rv, h = create(ro, [(CLASS, DATA), (PyKCS11.CKA_VALUE, b"n")])
    if h is not None:
        made.append(h)
check_rv(rv, PyKCS11.CKR_HOST_MEMORY, "past the limit of session objects: CKR_HOST_MEMORY")
check(200 < len(made) < 256, "the limit is 256 objects in the process (%d more made)" % len(made))
ro.destroyObject(made.pop())
check_rv(create(ro, [(CLASS, DATA), (PyKCS11.CKA_VALUE, b"n")])[0], PyKCS11.CKR_OK,
         "one destroyed, one more can be made")
for h in made:
    ro.destroyObject(h)

# --- a closed session takes its objects along ---
other = lib.openSession(slot)
rv, ah = create(other, [(CLASS, DATA), (LABEL, "of the other session")])
check(rv == PyKCS11.CKR_OK and
      handles(ro.findObjects([(LABEL, "of the other session")])) == {ah.value()},
      "another session of the application sees a session's object")
other.closeSession()
check(not ro.findObjects([(LABEL, "of the other session")]),
      "C_CloseSession destroys its session objects")
check_rv(rv_of(ro.getAttributeValue, ah, [LABEL]), PyKCS11.CKR_OBJECT_HANDLE_INVALID,
         "their handles are invalid")

# --- private session objects: the user's, gone at C_Logout ---
ro.logout()
priv_tmpl = [(CLASS, DATA), (PyKCS11.CKA_PRIVATE, True), (LABEL, "private"),
             (PyKCS11.CKA_VALUE, b"secret note")]
check_rv(create(ro, priv_tmpl)[0], PyKCS11.CKR_USER_NOT_LOGGED_IN,
         "a private session object needs the user logged in")
ro.login(PIN)
rv, ph = create(ro, priv_tmpl)
check_rv(rv, PyKCS11.CKR_OK, "logged in, a private data object is made")
check(handles(ro.findObjects([(LABEL, "private")])) == {ph.value()} and
      bin_attr(ro, ph, PyKCS11.CKA_VALUE) == b"secret note", "and found, and read")
ro.logout()
check(not ro.findObjects([(LABEL, "private")]), "after C_Logout it is not found")
ro.login(PIN)
check(not ro.findObjects([(LABEL, "private")]), "nor after logging in again: destroyed at C_Logout")
check_rv(rv_of(ro.getAttributeValue, ph, [LABEL]), PyKCS11.CKR_OBJECT_HANDLE_INVALID,
         "its handle stays invalid")
check(handles(ro.findObjects([(LABEL, "renamed")])) == {sk.value()},
      "public session objects outlive the logout")

# --- C_CloseAllSessions and card removal ---
s2 = lib.openSession(slot)
rv, h2 = create(s2, [(CLASS, DATA), (LABEL, "before close-all")])
lib.closeAllSessions(slot)
s3 = lib.openSession(slot)
check(not s3.findObjects([(TOKEN, False)]), "C_CloseAllSessions destroys every session object")
rv, h3 = create(s3, [(CLASS, DATA), (LABEL, "before removal")])
subprocess.run(["uimkey-env", "card-stop", "0"], capture_output=True)
subprocess.run(["uimkey-wait", "--absent", "00 00", "--timeout", "10"], capture_output=True)
check(len(lib.getSlotList(tokenPresent=True)) == 0, "no token while the card is out")
subprocess.run(["uimkey-env", "card-start", "0"], capture_output=True)
subprocess.run(["uimkey-wait", "--timeout", "10"], capture_output=True)
s4 = lib.openSession(lib.getSlotList(tokenPresent=True)[0])
check(not s4.findObjects([(TOKEN, False)]), "a card pulled out takes its session objects along")
check_rv(rv_of(s4.getAttributeValue, h3, [LABEL]), PyKCS11.CKR_OBJECT_HANDLE_INVALID,
         "and their handles are invalid")
s4.closeSession()
done()
