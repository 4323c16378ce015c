# SPDX-License-Identifier: BSD-2-Clause
"""A card store file seen from outside, for 53-store-scan.sh and
54-store-forgery.sh.  The layout comes from store_offsets.c's NAME=VALUE
lines (the card's own headers), never from numbers written here.

  scan SECRETS FILE...       any WIN bytes of a secret in a file: every
                             window, at every offset.  SECRETS holds
                             "NAME HEX" lines; a secret shorter than WIN
                             is searched whole.  Exit 1 when one is found.
  open LAYOUT STORE KEY DIR  the manifest and every record at home
                             decrypted with the device key as the card
                             does it (docs/apdu.md "Keys and what they
                             bind"), each tag checked; DIR/rec-ID.bin
                             for each record that holds something.
  scalar REC PUB.pem         the EC private scalar in a decrypted key
                             record whose public key is PUB: printed in
                             hex.  Exit 1 when none is.
  records LAYOUT STORE       "ID OFFSET ROOM LENGTH VERSION" for the
                             manifest and each record (length and version
                             are in its image header, in the clear).
  cut STORE OP OFF LEN [SRC] flip: every byte of the run XOR 0x55; zero:
                             00 over it; copy: the run from file SRC;
                             plant: the run from HEX (the 5th argument);
                             swap: two runs exchanged (the 5th argument
                             is the other run's offset).
"""
import hashlib
import hmac
import os
import sys

WIN = 16


def layout(path):
    v = {}
    with open(path) as f:
        for line in f:
            name, _, val = line.strip().partition('=')
            if name:
                v[name] = int(val)
    return v


def be(b):
    return int.from_bytes(b, 'big')


def record_rooms(L):
    """(id, offset, room) of the manifest then of every record."""
    rooms = [(L['UK_META_ID'], L['UK_META_OFF'], L['UK_META_ROOM'])]
    hdr = L['UK_HOME_HDR_LEN']
    rooms.append((L['UK_REC_CRED'], L['UK_RECS_OFF'],
                  hdr + L['UK_REC_CRED_MAX']))
    rooms.append((L['UK_REC_ISSUER'], L['UK_RECS_OFF'] + hdr +
                  L['UK_REC_CRED_MAX'], hdr + L['UK_REC_ISSUER_MAX']))
    key0 = L['UK_REC_ISSUER'] + 1
    for i in range(L['UIMKEY_SLOT_COUNT']):
        rooms.append((key0 + i, L['UK_KEYS_OFF'] + i * L['UK_KEY_ROOM'],
                      L['UK_KEY_ROOM']))
    for j in range(L['UK_OBJ_COUNT']):
        rooms.append((L['UK_REC_OBJ0'] + j,
                      L['UK_OBJS_OFF'] + j * L['UK_OBJ_ROOM'],
                      L['UK_OBJ_ROOM']))
    if rooms[-1][1] + rooms[-1][2] != L['UK_RECS_END'] or \
            rooms[3][1] != L['UK_KEYS_OFF']:
        sys.exit('store_scan: the rooms do not end where the layout does')
    return rooms


def image_header(L, mem, off):
    h = mem[off:off + L['UK_HOME_HDR_LEN']]
    ver = be(h[L['UK_HOME_HDR_VER']:L['UK_HOME_HDR_VER'] + 8])
    ln = be(h[L['UK_HOME_HDR_LEN_AT']:L['UK_HOME_HDR_LEN_AT'] + 4])
    nonce = h[L['UK_HOME_HDR_NONCE']:L['UK_HOME_HDR_NONCE'] +
              L['UK_NONCE_LEN']]
    tag = h[L['UK_HOME_HDR_TAG']:L['UK_HOME_HDR_TAG'] + L['UK_TAG_LEN']]
    return ver, ln, nonce, tag


def cmd_scan(secrets_path, files):
    secrets = []
    with open(secrets_path) as f:
        for line in f:
            if line.strip():
                name, hx = line.split()
                secrets.append((name, bytes.fromhex(hx)))
    datas = []
    for p in files:
        with open(p, 'rb') as f:
            datas.append((p, f.read()))
    found = windows = 0
    for name, s in secrets:
        k = min(WIN, len(s))
        for o in range(len(s) - k + 1):
            windows += 1
            w = s[o:o + k]
            for p, data in datas:
                at = data.find(w)
                if at >= 0:
                    found += 1
                    print('# FOUND: %s bytes %d..%d in %s at offset %d'
                          % (name, o, o + k - 1, p, at))
    print('# %d secrets, %d windows, searched in %d files (%d bytes): '
          '%d found' % (len(secrets), windows, len(datas),
                        sum(len(d) for _, d in datas), found))
    return 1 if found else 0


def cmd_open(lpath, store, keyfile, outdir):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    L = layout(lpath)
    with open(store, 'rb') as f:
        mem = f.read()
    with open(keyfile, 'rb') as f:
        dk = f.read()
    key = hmac.new(dk, b'uimkey store AES-256-GCM\x01',
                   hashlib.sha256).digest()
    gcm = AESGCM(key)
    bad = opened = 0
    for rid, off, room in record_rooms(L):
        ver, ln, nonce, tag = image_header(L, mem, off)
        body = off + L['UK_HOME_HDR_LEN']
        aad = b'UREC' + rid.to_bytes(4, 'big') + ver.to_bytes(8, 'big') + \
            ln.to_bytes(4, 'big')
        try:
            plain = gcm.decrypt(nonce, mem[body:body + ln] + tag, aad)
        except Exception:
            print('# record %d at %d fails its tag' % (rid, off))
            bad += 1
            continue
        opened += 1
        if ln:
            with open(os.path.join(outdir, 'rec-%d.bin' % rid), 'wb') as f:
                f.write(plain)
    print('# %d records opened with the device key, %d failed' %
          (opened, bad))
    return 1 if bad else 0


def cmd_scalar(rec, pubpem):
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives import serialization
    with open(pubpem, 'rb') as f:
        pub = serialization.load_pem_public_key(f.read())
    want = pub.public_numbers()
    n = (pub.curve.key_size + 7) // 8
    with open(rec, 'rb') as f:
        data = f.read()
    for o in range(len(data) - n + 1):
        d = be(data[o:o + n])
        try:
            k = ec.derive_private_key(d, pub.curve)
        except ValueError:
            continue
        if k.public_key().public_numbers() == want:
            print(data[o:o + n].hex().upper())
            return 0
    return 1


def cmd_records(lpath, store):
    L = layout(lpath)
    with open(store, 'rb') as f:
        mem = f.read()
    for rid, off, room in record_rooms(L):
        ver, ln, _, _ = image_header(L, mem, off)
        print(rid, off, room, ln, ver)
    return 0


def cmd_cut(store, op, off, ln, extra=None):
    off, ln = int(off), int(ln)
    with open(store, 'r+b') as f:
        mem = bytearray(f.read())
        if op == 'flip':
            for i in range(off, off + ln):
                mem[i] ^= 0x55
        elif op == 'zero':
            mem[off:off + ln] = bytes(ln)
        elif op == 'copy':
            with open(extra, 'rb') as g:
                mem[off:off + ln] = g.read()[off:off + ln]
        elif op == 'plant':
            mem[off:off + ln] = bytes.fromhex(extra)[:ln]
        elif op == 'swap':
            b = int(extra)
            mem[off:off + ln], mem[b:b + ln] = mem[b:b + ln], \
                mem[off:off + ln]
        else:
            sys.exit('store_scan: cut: unknown operation ' + op)
        f.seek(0)
        f.write(mem)
    return 0


def main(argv):
    cmds = {'scan': lambda a: cmd_scan(a[0], a[1:]),
            'open': lambda a: cmd_open(*a),
            'scalar': lambda a: cmd_scalar(*a),
            'records': lambda a: cmd_records(*a),
            'cut': lambda a: cmd_cut(*a)}
    if len(argv) < 2 or argv[1] not in cmds:
        sys.exit(__doc__)
    return cmds[argv[1]](argv[2:])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
