# SPDX-License-Identifier: BSD-2-Clause
# Secure messaging through the real stack (pcscd, vpcd, uimkey-card),
# against a host side written here from SP 800-73-4 part 2 with
# python3-cryptography alone: none of uimkey's code computes what this
# script checks.
#   plain READER          VERIFY and a signature in the clear (the
#                         capture's control run)
#   sm READER 9A.der 9D.der SECRETS
#                         key establishment (the CVC checked against the
#                         card's 5FC122 certificate, the cryptogram against
#                         this script's KDF), then VERIFY, a signature and
#                         an ECDH in the session; another program on the
#                         channel, in the clear and replaying; SECRETS gets
#                         the bytes that must not cross the link, in hex
import hashlib
import sys

from cryptography import x509
from cryptography.hazmat.primitives import cmac, hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from p11check import check, done
from pcsc_card import Card

PIN = b"123456\xff\xff"
SW_OK = 0x9000
SELECT = [0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0, 0x00, 0x00, 0x03, 0x08]
HASH = hashlib.sha256(b"uimkey secure messaging").digest()


def tlv(buf):
    """The BER-TLVs of buf as (tag, value) pairs, tags of 1 or 2 bytes."""
    out, i = [], 0
    while i < len(buf):
        tag = buf[i]
        i += 1
        if tag & 0x1F == 0x1F:
            tag = tag << 8 | buf[i]
            i += 1
        n = buf[i]
        i += 1
        if n & 0x80:
            k, n = n & 0x7F, 0
            for _ in range(k):
                n = n << 8 | buf[i]
                i += 1
        out.append((tag, buf[i:i + n]))
        i += n
    return out


def ber_len(n):
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return bytes([0x81, n])
    return bytes([0x82, n >> 8, n & 0xFF])


def obj(tag, value):
    return bytes([tag]) + ber_len(len(value)) + value


def aes(key, mode, data, enc=True):
    c = Cipher(algorithms.AES(key), mode)
    x = c.encryptor() if enc else c.decryptor()
    return x.update(data) + x.finalize()


def cmac_of(key, data):
    c = cmac.CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def pad(data):
    data += b"\x80"
    return data + b"\x00" * (-len(data) % 16)


class Session:
    """The host's end of one session (part 2, 4.3 and 4.4)."""

    def __init__(self, k_mac, k_enc, k_rmac):
        self.mac, self.enc, self.rmac = k_mac, k_enc, k_rmac
        self.ctr = 1
        self.c_mcv = bytes(16)
        self.r_mcv = bytes(16)

    def _iv(self, answer):
        block = bytearray(self.ctr.to_bytes(16, "big"))
        if answer:
            block[0] |= 0x80
        return aes(self.enc, modes.ECB(), bytes(block))

    def wrap(self, ins, p1, p2, data=b"", le=0x00):
        cla = 0x0C
        objs = b""
        if data:
            ct = aes(self.enc, modes.CBC(self._iv(False)), pad(data))
            objs += obj(0x87, b"\x01" + ct)
        objs += bytes([0x97, 0x01, le])
        head = bytes([cla, ins, p1, p2, 0x80]) + bytes(11)
        self.c_mcv = cmac_of(self.mac, self.c_mcv + head + objs)
        body = objs + bytes([0x8E, 0x08]) + self.c_mcv[:8]
        return [cla, ins, p1, p2, len(body)] + list(body) + [0x00]

    def unwrap(self, rsp):
        """The clear data and the card's status word; None when the
        answer's MAC or layout is wrong."""
        objs = dict(tlv(rsp))
        if 0x99 not in objs or 0x8E not in objs:
            return None
        at = rsp.index(bytes([0x8E, 0x08]) + objs[0x8E])
        mcv = cmac_of(self.rmac, self.r_mcv + rsp[:at])
        if mcv[:8] != objs[0x8E]:
            return None
        self.r_mcv = mcv
        data = b""
        if 0x87 in objs:
            clear = aes(self.enc, modes.CBC(self._iv(True)),
                        objs[0x87][1:], enc=False)
            data = clear[:clear.rindex(b"\x80")]
        self.ctr += 1
        sw = objs[0x99]
        return data, sw[0] << 8 | sw[1]

    def send(self, card, ins, p1, p2, data=b""):
        apdu = self.wrap(ins, p1, p2, data)
        rsp, sw = card.tx_all(apdu)
        if sw != SW_OK:
            return None, sw, apdu
        got = self.unwrap(rsp)
        if got is None:
            return None, -1, apdu
        return got[0], got[1], apdu


def kdf(z, info):
    return b"".join(hashlib.sha256(i.to_bytes(4, "big") + z + info).digest()
                    for i in (1, 2))


def signer_key(card):
    """The public key of the 5FC122 certificate, read in the clear."""
    data, sw = card.tx_all([0x00, 0xCB, 0x3F, 0xFF, 0x05, 0x5C, 0x03,
                        0x5F, 0xC1, 0x22, 0x00])
    if sw != SW_OK:
        return None
    cert = dict(tlv(dict(tlv(data))[0x53]))[0x70]
    return x509.load_der_x509_certificate(cert).public_key()


def establish(card):
    """Key establishment: the session, or None after failed checks."""
    host = ec.generate_private_key(ec.SECP256R1())
    q = host.public_key().public_bytes(serialization.Encoding.X962,
                                       serialization.PublicFormat.UncompressedPoint)
    id_h = bytes(8)
    data = obj(0x7C, obj(0x81, b"\x00" + id_h + q) + b"\x82\x00")
    rsp, sw = card.tx_all([0x00, 0x87, 0x27, 0x04, len(data)] + list(data) +
                      [0x00])
    check(sw == SW_OK, "GENERAL AUTHENTICATE 27 04: 9000")
    r = dict(tlv(dict(tlv(rsp))[0x7C]))[0x82]
    cb_icc, n_icc, crypt, cvc = r[0:1], r[1:17], r[17:33], r[33:]
    outer = dict(tlv(cvc))[0x7F21]
    parts = tlv(outer)
    fields = dict(parts)
    body = outer[:outer.index(b"\x5f\x37")]
    sig = dict(tlv(dict(tlv(fields[0x5F37]))[0x30]))[0x03][1:]
    point = dict(tlv(fields[0x7F49]))[0x86]
    check(fields[0x5F29] == b"\x80" and fields[0x5F4C] == b"\x00" and
          len(fields[0x5F20]) == 16, "the CVC: profile 80, role 00, a GUID")
    key = signer_key(card)
    try:
        key.verify(sig, body, ec.ECDSA(hashes.SHA256()))
        ok = True
    except Exception:
        ok = False
    check(ok, "the CVC verifies under the 5FC122 certificate's key")
    signer_point = key.public_bytes(serialization.Encoding.X962,
                                    serialization.PublicFormat.UncompressedPoint)
    check(fields[0x42] == hashlib.sha256(signer_point).digest()[:8],
          "its IIN names the signer")
    card_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(),
                                                            point)
    z = host.exchange(ec.ECDH(), card_key)
    id_icc = hashlib.sha256(cvc).digest()[:8]
    info = (b"\x04\x09\x09\x09\x09" + b"\x08" + id_h + b"\x01\x00" +
            b"\x10" + q[1:17] + b"\x08" + id_icc + b"\x10" + n_icc +
            b"\x01" + cb_icc)
    keys = kdf(z, info)
    mine = cmac_of(keys[0:16], b"KC_1_V" + id_icc + id_h + q[1:])
    check(mine == crypt, "the AuthCryptogram is the one this script's "
          "KDF gives: the card holds the CVC's key")
    if not ok or mine != crypt:
        return None, cvc
    return Session(keys[16:32], keys[32:48], keys[48:64]), cvc


def sign_request():
    return obj(0x7C, b"\x82\x00" + obj(0x81, HASH))


def verify_sig(der_file, rsp):
    pub = serialization.load_der_public_key(open(der_file, "rb").read())
    sig = dict(tlv(dict(tlv(rsp))[0x7C]))[0x82]
    try:
        pub.verify(sig, HASH, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        return True
    except Exception:
        return False


def plain(reader):
    card = Card(reader)
    card.tx_all(SELECT)
    _, sw = card.tx_all([0x00, 0x20, 0x00, 0x80, 0x08] + list(PIN))
    check(sw == SW_OK, "control run: VERIFY in the clear")
    d = sign_request()
    _, sw = card.tx_all([0x00, 0x87, 0x11, 0x9A, len(d)] + list(d) + [0x00])
    check(sw == SW_OK, "control run: a signature in the clear")


def protected(reader, pub9a, pub9d, secrets):
    card = Card(reader)
    card.tx_all(SELECT)
    s, cvc = establish(card)
    if s is None:
        return
    _, sw, _ = s.send(card, 0x20, 0x00, 0x80, PIN)
    check(sw == SW_OK, "VERIFY in the session: 9000")
    rsp, sw, signed = s.send(card, 0x87, 0x11, 0x9A, sign_request())
    check(sw == SW_OK and verify_sig(pub9a, rsp),
          "a signature in the session, valid under 9A's key")

    # ECDH with 9D: the shared secret comes back only encrypted.
    peer = ec.generate_private_key(ec.SECP256R1())
    pq = peer.public_key().public_bytes(serialization.Encoding.X962,
                                        serialization.PublicFormat.UncompressedPoint)
    d = obj(0x7C, b"\x82\x00" + obj(0x85, pq))
    rsp, sw, _ = s.send(card, 0x87, 0x11, 0x9D, d)
    card_pub = serialization.load_der_public_key(open(pub9d, "rb").read())
    want = peer.exchange(ec.ECDH(), card_pub)
    got = dict(tlv(dict(tlv(rsp))[0x7C]))[0x82] if sw == SW_OK else b""
    check(got == want, "an ECDH with 9D in the session: the shared secret")

    # Another program on the same channel (channel 0 here).
    other = Card(reader)
    d = sign_request()
    _, sw = other.tx_all([0x00, 0x87, 0x11, 0x9A, len(d)] + list(d) + [0x00])
    check(sw == 0x6982, "another program, in the clear on the channel: "
          "6982, the session's PIN is not its")
    _, sw = other.tx_all(signed)
    check(sw == 0x6988, "another program replaying a protected signature "
          "from the link: 6988")
    _, sw, _ = s.send(card, 0xFD, 0x00, 0x00)
    check(sw == 0x6988, "...which ended the session: the first program "
          "sets up a new one")
    s, _ = establish(card)
    _, sw, _ = s.send(card, 0xFD, 0x00, 0x00)
    check(sw == SW_OK, "and goes on in it")
    with open(secrets, "w") as f:
        f.write("%s\n%s\n%s\n" % (PIN.hex(), want.hex(), cvc.hex()))


def main():
    if sys.argv[1] == "plain":
        plain(sys.argv[2])
    else:
        protected(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    return done()


if __name__ == "__main__":
    sys.exit(main())
