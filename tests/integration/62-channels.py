# SPDX-License-Identifier: BSD-2-Clause
# Logical channels through the real pcscd, seen by raw PC/SC clients
# (python3-pyscard) and by the module (PyKCS11) at once: each channel's
# own security state, chain and pending answer; channels left open by
# killed programs reclaimed; the module's own channel closed, reclaimed,
# reset or powered off under it, and its session going on.
# Arguments: MODULE READER 9A-PUBKEY.der
import hashlib
import os
import signal
import subprocess
import sys
import time

import PyKCS11
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from smartcard import scard

from p11check import check, done
from pcsc_card import Card

CHANNELS = 20
PIN = b"123456"
SW_OK = 0x9000


def cla(ch, chain=False):
    c = ch if ch < 4 else 0x40 | (ch - 4)
    return c | (0x10 if chain else 0)


def open_channel(card, on=0):
    data, sw = card.tx([cla(on), 0x70, 0x00, 0x00, 0x01])
    return data[0] if sw == SW_OK and len(data) == 1 else -sw


def close_channel(card, n, on=0):
    return card.tx([cla(on), 0x70, 0x80, n])[1]


def verify(card, ch, pin=PIN):
    body = pin + b"\xff" * (8 - len(pin))
    return card.tx([cla(ch), 0x20, 0x00, 0x80, 8] + list(body))[1]


DIGEST = hashlib.sha256(b"uimkey channels").digest()


def sign(card, ch, slot=0x9A):
    tlv = bytes([0x82, 0x00, 0x81, 0x20]) + DIGEST
    cmd = [cla(ch), 0x87, 0x11, slot, len(tlv) + 2, 0x7C, len(tlv)]
    data, sw = card.tx(cmd + list(tlv) + [0x00])
    # 7C L 82 L sig: the DER signature after the two headers
    return (data[4:] if sw == SW_OK and len(data) > 4 else None), sw


def ec_ok(pub, der):
    try:
        pub.verify(der, b"uimkey channels", ec.ECDSA(hashes.SHA256()))
        return True
    except Exception:
        return False


def per_channel_state(card, pub):
    c1, c2 = open_channel(card), open_channel(card)
    check(1 <= c1 < CHANNELS and 1 <= c2 < CHANNELS and c1 != c2,
          "MANAGE CHANNEL opens two channels (%d, %d)" % (c1, c2))
    check(verify(card, c1) == SW_OK, "VERIFY on channel %d" % c1)
    sig, sw = sign(card, c1)
    check(sw == SW_OK and ec_ok(pub, sig),
          "channel %d signs with the PIN-once key, signature verified" % c1)
    check(sign(card, c2)[1] == 0x6982,
          "channel %d: the PIN verified on %d does not open it (6982)"
          % (c2, c1))
    check(sign(card, 0)[1] == 0x6982,
          "channel 0: nor does it open the basic channel (6982)")
    sel = [cla(c2), 0xA4, 0x04, 0x00, 5, 0xA0, 0x00, 0x00, 0x03, 0x08]
    check(card.tx(sel)[1] == SW_OK and sign(card, c1)[1] == SW_OK,
          "SELECT on channel %d leaves channel %d logged in" % (c2, c1))
    check(card.tx([cla(c1), 0x20, 0xFF, 0x80])[1] == SW_OK and
          sign(card, c1)[1] == 0x6982,
          "logout on channel %d ends its PIN state" % c1)
    # A chained VERIFY on c1, other commands on c2 between its parts.
    part1 = [cla(c1, True), 0x20, 0x00, 0x80, 4] + list(PIN[:4])
    part2 = [cla(c1), 0x20, 0x00, 0x80, 4] + list(PIN[4:] + b"\xff\xff")
    r1 = card.tx(part1)[1]
    ver, vsw = card.tx([cla(c2), 0xFD, 0x00, 0x00, 0x00])
    chuid = card.tx([cla(c2), 0xCB, 0x3F, 0xFF, 5, 0x5C, 3, 0x5F, 0xC1,
                     0x02, 0x00])[1]
    r2 = card.tx(part2)[1]
    check(r1 == SW_OK and vsw == SW_OK and ver == b"\x05\x04\x00" and
          chuid in (SW_OK, 0x6A82) and r2 == SW_OK,
          "a chain on channel %d completes with commands of channel %d "
          "between its parts" % (c1, c2))
    check(sign(card, c1)[1] == SW_OK and sign(card, c2)[1] == 0x6982,
          "the chained VERIFY opened channel %d only" % c1)
    return c1, c2


def pending_answers(card, c1, c2):
    meta = [0xF7, 0x00, 0x9D]
    whole, sw = card.tx([cla(c2)] + meta + [0x00, 0x00, 0x00])
    check(sw == SW_OK and len(whole) > 256,
          "extended Le: the RSA key's metadata (%d bytes) in one answer"
          % len(whole))
    part, sw1 = card.tx([cla(c1)] + meta + [0x00])
    other, sw2 = card.tx([cla(c2), 0xC0, 0x00, 0x00, 0x00])
    check(sw1 >> 8 == 0x61 and len(part) == 256,
          "short Le on channel %d: 256 bytes and 61xx" % c1)
    check(len(other) == 0 and sw2 >> 8 not in (0x61, 0x90),
          "GET RESPONSE on channel %d gets none of channel %d's answer "
          "(%04X)" % (c2, c1, sw2))
    rest, sw3 = card.tx([cla(c1), 0xC0, 0x00, 0x00, 0x00])
    check(sw3 == SW_OK and part + rest == whole,
          "channel %d reads the rest of its own answer" % c1)
    # Only one unread answer is kept: a second one takes its place.
    card.tx([cla(c1)] + meta + [0x00])
    _, swb = card.tx([cla(c2)] + meta + [0x00])
    lost, swl = card.tx([cla(c1), 0xC0, 0x00, 0x00, 0x00])
    rest2, swr = card.tx([cla(c2), 0xC0, 0x00, 0x00, 0x00])
    check(swb >> 8 == 0x61 and len(lost) == 0 and swl == 0x6985,
          "an answer left unread on channel %d is dropped, and said so "
          "(6985), when channel %d needs the room" % (c1, c2))
    check(swr == SW_OK and len(rest2) == len(whole) - 256,
          "channel %d reads its answer to the end" % c2)


def leak_child(reader):
    """Open a channel, log in on it, report its number, wait to be killed."""
    card = Card(reader)
    ch = open_channel(card)
    verify(card, ch)
    print(ch, flush=True)
    time.sleep(600)


def leaked_channels(card, reader, lib, pub):
    for c in range(1, CHANNELS):
        close_channel(card, c)
    kids = []
    for _ in range(CHANNELS - 1):
        p = subprocess.Popen([sys.executable, __file__, "--leak", reader],
                             stdout=subprocess.PIPE, text=True)
        kids.append((p, int(p.stdout.readline() or -1)))
    nums = sorted(n for _, n in kids)
    check(nums == list(range(1, CHANNELS)),
          "19 programs hold channels 1-19")
    for p, _ in kids:
        p.send_signal(signal.SIGKILL)
        p.wait()
    # Their channels stay open (the card cannot know); the least
    # recently used is reclaimed for a new program.
    sig = module_sign(lib, pub)
    check(sig, "a new module process signs while 19 dead programs' "
          "channels are open (reclaimed)")
    n = open_channel(card)
    check(1 <= n < CHANNELS, "and a raw client still gets a channel (%d)"
          % n)


def module_open(module, reader):
    """The module loaded, and its slot for reader."""
    lib = PyKCS11.PyKCS11Lib()
    lib.load(module)
    slot = [s for s in lib.getSlotList(tokenPresent=True)
            if lib.getSlotInfo(s).slotDescription.strip() == reader][0]
    return lib, slot


def module_session(lib, slot):
    s = lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION)
    s.login(PIN.decode())
    key = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                         (PyKCS11.CKA_ID, (1,))])[0]
    return s, key


def session_sign(sess, key, pub):
    try:
        sig = bytes(sess.sign(key, b"uimkey channels",
                              PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256)))
    except PyKCS11.PyKCS11Error as e:
        print("# C_Sign: %s" % e)
        return False
    r = int.from_bytes(sig[:32], "big")
    s = int.from_bytes(sig[32:], "big")
    from cryptography.hazmat.primitives.asymmetric.utils import \
        encode_dss_signature
    return ec_ok(pub, encode_dss_signature(r, s))


def module_sign(lib, pub):
    """Sign in a new process, as a new program would."""
    r = subprocess.run([sys.executable, __file__, "--sign", lib,
                        sys.argv[2], sys.argv[3]], timeout=60)
    return r.returncode == 0


def sign_child(module, reader, pubfile):
    lib, slot = module_open(module, reader)
    pub = serialization.load_der_public_key(open(pubfile, "rb").read())
    sess, key = module_session(lib, slot)
    sys.exit(0 if session_sign(sess, key, pub) else 1)


def module_survives(card, reader, lib, slot, pub):
    sess, key = module_session(lib, slot)
    check(session_sign(sess, key, pub), "the module signs on its channel")
    # Every channel but 0 closed by another program.
    for c in range(1, CHANNELS):
        close_channel(card, c)
    check(session_sign(sess, key, pub),
          "its channel closed by another program: the module opens one "
          "again, logs in again and signs")
    # Every channel taken by another program: the module's is reclaimed
    # and given away.
    got = [open_channel(card) for _ in range(CHANNELS + 2)]
    check(all(1 <= g < CHANNELS for g in got),
          "another program opens 21 channels (reclaiming)")
    check(session_sign(sess, key, pub),
          "its channel reclaimed: the module's session signs again")
    for disp, name in ((scard.SCARD_RESET_CARD, "SCARD_RESET_CARD"),
                       (scard.SCARD_UNPOWER_CARD, "SCARD_UNPOWER_CARD")):
        other = Card(reader)
        other.tx([0x00, 0xFD, 0x00, 0x00, 0x00])
        other.close(disp)
        ok = session_sign(sess, key, pub)
        check(ok, "another program disconnects with %s: the session "
              "signs again" % name)
        check(session_sign(sess, key, pub), "… and again")
    sess.logout()
    sess.closeSession()


def between(module, reader, pubfile, crt):
    """A module session signs, yubico-piv-tool signs, and so on."""
    lib, slot = module_open(module, reader)
    pub = serialization.load_der_public_key(open(pubfile, "rb").read())
    sess, key = module_session(lib, slot)
    ok = tool = 0
    for _ in range(5):
        ok += session_sign(sess, key, pub)
        r = subprocess.run(["yubico-piv-tool", "-r", reader, "-a",
                            "verify-pin", "-P", PIN.decode(), "-a",
                            "test-signature", "-s", "9a", "-i", crt],
                           capture_output=True, text=True)
        tool += r.returncode == 0
        ok += session_sign(sess, key, pub)
    check(ok == 10, "the module session signed %d of 10 times, "
          "yubico-piv-tool's login and reset between" % ok)
    check(tool == 5, "yubico-piv-tool signed %d of 5 times between the "
          "session's signatures" % tool)
    done()


def main():
    if sys.argv[1] == "--between":
        between(*sys.argv[2:6])
        return
    if sys.argv[1] == "--leak":
        leak_child(sys.argv[2])
        return
    if sys.argv[1] == "--sign":
        sign_child(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    module, reader, pubfile = sys.argv[1:4]
    pub = serialization.load_der_public_key(open(pubfile, "rb").read())
    card = Card(reader)
    c1, c2 = per_channel_state(card, pub)
    pending_answers(card, c1, c2)
    leaked_channels(card, reader, module, pub)
    lib, slot = module_open(module, reader)
    module_survives(card, reader, lib, slot, pub)
    # The raw client's own handle saw the power-off too: connected
    # again, the card answers it.
    card.close()
    card = Card(reader)
    n = open_channel(card)
    check(card.tx([0x00, 0xFD, 0x00, 0x00, 0x00])[1] == SW_OK and
          1 <= n < CHANNELS and card.tx([cla(n), 0xFD, 0, 0, 0])[1] == SW_OK,
          "a new connection finds the card answering on channel 0 and on "
          "a new channel (%d)" % n)
    card.close()
    done()


if __name__ == "__main__":
    main()
