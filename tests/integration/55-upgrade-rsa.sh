#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# RSA keys through uimkey-card --upgrade.  fixtures/format1-rsa.store.gz
# was made by the earlier uimkey-card and uimkey (store format 1, factory
# PIN 123456): an RSA-2048 key generated in 9D (PIN policy once), and
# the RSA-3072 test key fixtures/format1-rsa.82.key (made for this test,
# nowhere else in use) imported into retired slot 82 (PIN policy always);
# the public keys kept beside it (format1-rsa.SLOT.pub).  The upgraded
# file holds no piece of the imported key's private parts, which the old
# one holds in the clear, and both keys sign as before the upgrade.
. "$UIMKEY_TOP/tests/integration/lib.sh"

fx=$UIMKEY_TOP/tests/integration/fixtures
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT

# holds FILE: some 16-byte piece of a private part of the slot 82 key
# (d, p, q, dp, dq, qinv) is in FILE.
holds() {
	secret_hex "$fx/format1-rsa.82.key" | py -c "
import sys
hay = open(sys.argv[1], 'rb').read()
parts = [bytes.fromhex(h.strip()) for h in sys.stdin if h.strip()]
sys.exit(0 if any(p[i:i + 16] in hay for p in parts
                  for i in range(0, len(p) - 15, 8)) else 1)" "$1"
}

f=$d/r.store
gzip -dc "$fx/format1-rsa.store.gz" > "$f"
check "the format-1 fixture holds the imported key's private parts in \
the clear (the search finds them)" holds "$f"
check "(the fixture's key has all six private parts)" test \
    "$(secret_hex "$fx/format1-rsa.82.key" | wc -l)" -eq 6
run uimkey-card --upgrade --store "$f" --kdf-iterations 10
check "uimkey-card --upgrade makes it format 2" test "$rc" -eq 0
check "with its serial" has "serial 59679922"
check "the upgraded file holds no 16-byte piece of d, p, q, dp, dq or \
qinv of the imported RSA-3072 key" not holds "$f"

card_use "$f" "$d/env"
run uimkey info
check "uimkey info shows the RSA-2048 key in 9D, policy once" sh -c \
    "printf '%s' \"\$0\" | grep -A1 '^slot 9d' |
    grep -q 'rsa2048, generated on the card, PIN policy once'" "$out"
check "and the RSA-3072 key in 82, imported, policy always" sh -c \
    "printf '%s' \"\$0\" | grep -A1 '^slot 82' |
    grep -q 'rsa3072, imported, PIN policy always'" "$out"
printf '123456\n' > "$d/pin"
for s in 9d 82; do
	signs_as $s "$d/pin" "$fx/format1-rsa.$s.pub" "$d"
done
card_restore "$d/env"
