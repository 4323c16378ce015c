# SPDX-License-Identifier: BSD-2-Clause
# The card's device key and counter (uimkey-card --device-key, --counter):
# made with a new store, mode 0600, beside it (in uimkey-env too); the
# store file alone holds no plaintext.  uimkey-card refuses, saying why,
# a key that group or others may read or write, a store whose key is
# missing, a key of the wrong length, another card's key, a damaged
# store, a store older than its counter, and a store of format 1 (an
# earlier uimkey's: fixtures/format1.store.gz, made by uimkey-card before
# the store was encrypted), naming uimkey-card --upgrade, which makes it
# a store of format 2 with the same serial, PIN, PUK and keys, or refuses
# a damaged one leaving it untouched.  fixtures/format1-keys.store.gz
# was made by that earlier uimkey-card and uimkey: the PIN changed from
# 123456 to 86421357, then P-256 in 9A (PIN policy once), P-384 in 9C
# (always) and P-256 in 9E (never) generated, their public keys kept
# beside it (format1-keys.SLOT.pub).  Three fixtures hold a transaction
# committed when the power went, before its records went home, which the
# earlier card finished at its next start and the upgrade carries out
# the same: format1-journal.store.gz, a factory card whose PIN change
# from 123456 to 24681357 was committed; format1-journal-cut.store.gz,
# the same cut again while that card's start copied the new PIN home
# (half of it landed: the record fails its CRC-32); format1-reset.store.gz,
# a card whose PIN (24681357) and PUK were blocked, its factory reset
# committed.  The earlier card's code made them in process: its RAM
# memory (tests/support/ram_memory) cut the power right after the write
# of the journal header that commits (the first cut that left the
# command's own commit in place: the new PIN, or the reset flag, in the
# journal), the memory saved as the store file.
. "$UIMKEY_TOP/tests/integration/lib.sh"

d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
# Nothing listens there: a card that starts keeps trying to reach vpcd
# (timeout ends it: 124), one that refuses its files exits at once (1).
port=$((UIMKEY_PORT + 7))

card() {
	s=$1
	shift
	run timeout 2 uimkey-card --port "$port" --store "$s" \
	    --kdf-iterations 10 "$@"
}

counter_is() {
	test "$(od -An -tx1 "$1" | tr -d ' \n')" = "$2"
}

# flip FILE OFFSET: one byte of FILE changed in place.
flip() {
	printf '\125' | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

e=$UIMKEY_ENV_DIR/card0.store
check "uimkey-env's card has its device key beside its store: 32 bytes, \
mode 0600" test "$(stat -c '%s %a' "$e.key")" = "32 600"
check "and its counter: 8 bytes, mode 0600, raised by the factory commit" \
    sh -c "test \"\$(stat -c '%s %a' '$e.counter')\" = '8 600' &&
    ! od -An -tx1 '$e.counter' | grep -q '00 00 00 00 00 00 00 00'"
check "the store file holds no plaintext (PIN, PUK, attestation root's \
name, all there in format 1)" sh -c "! strings -n 6 '$e' |
    grep -q -e 123456 -e 'Attestation Root'"
gzip -dc "$UIMKEY_TOP/tests/integration/fixtures/format1.store.gz" > "$d/f1"
check "(the format-1 fixture holds them in plaintext)" sh -c \
    "strings -n 6 '$d/f1' | grep -q 'Attestation Root'"

a=$d/a.store
card "$a"
check "a new store: the card starts" test "$rc" -eq 124
check "with a device key made beside it: 32 bytes, mode 0600" \
    test "$(stat -c '%s %a' "$a.key")" = "32 600"
check "and a counter: 8 bytes, mode 0600, at the factory commit" \
    sh -c "test \"\$(stat -c '%s %a' '$a.counter')\" = '8 600' &&
    test \"\$(od -An -tx1 '$a.counter' | tr -d ' \n')\" = 0000000000000001"
card "$a"
check "the store starts again with its key" test "$rc" -eq 124
cp "$a" "$d/a.save"
cp "$a.key" "$d/key.save"

chmod 640 "$a.key"
card "$a"
check "a key file group may read is refused" test "$rc" -eq 1
check "saying chmod 600 KEY" has "chmod 600 $a.key"
chmod 602 "$a.key"
card "$a"
check "so is one others may write" test "$rc" -eq 1
chmod 600 "$a.key"

rm "$a.key"
card "$a"
check "a store without its key is refused" test "$rc" -eq 1
check "saying the key is missing and the store holds a card" \
    has "no such device key, but the store holds a card"
check "and no new key is made for it" test ! -e "$a.key"
head -c 31 "$d/key.save" > "$a.key"
chmod 600 "$a.key"
card "$a"
check "a key of 31 bytes is refused" test "$rc" -eq 1
check "saying a device key is 32 bytes" has "a device key is 32 bytes"
cp "$d/key.save" "$a.key"

card "$d/b.store"
check "a second card, with its own key" test "$rc" -eq 124
card "$a" --device-key "$d/b.store.key"
check "the first store under the second card's key is refused" \
    test "$rc" -eq 1
check "as failing authentication" has "fails authentication"

flip "$a" 200
card "$a"
check "a store with one byte changed is refused" test "$rc" -eq 1
check "as failing authentication (damaged or changed outside the card)" \
    has "fails authentication"
cp "$d/a.save" "$a"
card "$a"
check "the store put back whole starts again" test "$rc" -eq 124

printf '\0\0\0\0\0\0\0\11' > "$a.counter"
card "$a"
check "a store older than its counter is refused" test "$rc" -eq 1
check "as a copy from earlier put back" has "older than its counter"
check "and the counter stays" counter_is "$a.counter" 0000000000000009

cp "$d/f1" "$d/f1.store"
card "$d/f1.store"
check "a format-1 store is refused" test "$rc" -eq 1
check "as written by an earlier uimkey" has "written by an earlier uimkey"
check "left untouched, and no key made for it" sh -c \
    "cmp -s '$d/f1' '$d/f1.store' && test ! -e '$d/f1.store.key'"
check "naming the command that upgrades it" \
    has "uimkey-card --upgrade --store $d/f1.store"

upgrade() {
	run uimkey-card --upgrade --store "$1" --kdf-iterations 10
}

# The PIN's bytes in the credentials record: the last copy in the file
# (the journal, before the records, may hold older ones).
b=$d/bad.store
cp "$d/f1" "$b"
flip "$b" "$(grep -abo 123456 "$b" | tail -1 | cut -d: -f1)"
cp "$b" "$d/bad.save"
upgrade "$b"
check "a format-1 store with a record damaged is not upgraded" \
    test "$rc" -eq 1
check "saying a record fails its CRC-32 check" has "fails its CRC-32 check"
check "left untouched, and no key or counter left behind" sh -c \
    "cmp -s '$b' '$d/bad.save' && test ! -e '$b.key' && \
    test ! -e '$b.counter' && test ! -e '$b.tmp' && \
    test ! -e '$b.key.new' && test ! -e '$b.counter.new'"

u=$d/f1.store
# What an upgrade killed before its renames leaves: its new key and
# counter under their own names, a partial store.
head -c 5 /dev/urandom > "$u.key.new"
head -c 3 /dev/urandom > "$u.counter.new"
head -c 1000 "$u" > "$u.tmp"
upgrade "$u"
check "uimkey-card --upgrade makes the format-1 fixture format 2" \
    test "$rc" -eq 0
check "(files an upgrade cut short left behind do not stop it, and are \
gone)" sh -c "test ! -e '$u.key.new' && test ! -e '$u.counter.new' && \
    test ! -e '$u.tmp'"
check "with the fixture's serial" has "serial 90581713"
check "and a new device key and counter beside it, mode 0600" sh -c \
    "test \"\$(stat -c '%s %a' '$u.key' '$u.counter' | tr '\n' ' ')\" = \
    '32 600 8 600 '"
check "the upgraded file holds no plaintext (PIN, PUK, attestation \
root's name)" sh -c "! strings -n 6 '$u' |
    grep -q -e 123456 -e 'Attestation Root'"
check "nor any 16 bytes of the old file's records" py -c "
import sys
old = open(sys.argv[1], 'rb').read()
new = open(sys.argv[2], 'rb').read()
parts = [old[i:i + 16] for i in range(64, len(old), 16)]
sys.exit(any(len(set(p)) > 2 and p in new for p in parts))" "$d/f1" "$u"
card "$u"
check "the upgraded store starts" test "$rc" -eq 124
upgrade "$u"
check "upgrading it again is refused" test "$rc" -eq 1
check "as its key exists" has "exists"

k=$d/k.store
gzip -dc "$UIMKEY_TOP/tests/integration/fixtures/format1-keys.store.gz" > "$k"
upgrade "$k"
check "the fixture with keys is upgraded" test "$rc" -eq 0
check "its PIN gone from the file" sh -c "! grep -q 86421357 '$k'"
card_use "$k" "$d/env"
run uimkey info
check "uimkey info shows the upgraded card: the same serial" \
    has "serial 10799219"
check "its keys with their PIN policies" sh -c \
    "printf '%s' \"\$0\" | grep -c 'generated on the card, PIN policy' |
    grep -qx 4 && printf '%s' \"\$0\" | grep -q 'policy once' &&
    printf '%s' \"\$0\" | grep -q 'policy always'" "$out"
printf '86421357\n' > "$d/pin"
printf '123456\n' > "$d/pin0"
run uimkey pin verify --pin-file "$d/pin0"
check "the factory PIN it had before is refused" has "wrong PIN, 2 tries left"
run uimkey pin verify --pin-file "$d/pin"
check "the PIN set on the earlier uimkey works" has "PIN verified"
for s in 9a 9c 9e; do
	signs_as $s "$d/pin" \
	    "$UIMKEY_TOP/tests/integration/fixtures/format1-keys.$s.pub" "$d"
done
run uimkey key attest --slot 9a -o "$d/9a.att"
check "the attestation key signs too" test "$rc" -eq 0

printf '24681357\n' > "$d/pinj"
for f in format1-journal format1-journal-cut; do
	j=$d/$f.store
	gzip -dc "$UIMKEY_TOP/tests/integration/fixtures/$f.store.gz" > "$j"
	upgrade "$j"
	check "$f: the PIN change its card had committed when the power \
went is carried out by the upgrade" test "$rc" -eq 0
	check "(with the fixture's serial)" has "serial 80484525"
	card_use "$j"
	run uimkey pin verify --pin-file "$d/pin0"
	check "the PIN before the change is refused" \
	    has "wrong PIN, 2 tries left"
	run uimkey pin verify --pin-file "$d/pinj"
	check "the PIN it changed to works" has "PIN verified"
done
r=$d/reset.store
gzip -dc "$UIMKEY_TOP/tests/integration/fixtures/format1-reset.store.gz" > "$r"
upgrade "$r"
check "format1-reset: a factory reset committed when the power went is \
carried out by the upgrade" test "$rc" -eq 0
check "(with the fixture's serial)" has "serial 80484525"
card_use "$r"
run uimkey pin verify --pin-file "$d/pinj"
check "the PIN set before the reset (then blocked) is refused" \
    has "wrong PIN, 2 tries left"
run uimkey pin verify --pin-file "$d/pin0"
check "the factory PIN works again" has "PIN verified"
card_restore "$d/env"

run uimkey-card --port "$port" --store "$d/c.store" --kdf-iterations 0
check "--kdf-iterations 0 is a usage error" test "$rc" -eq 2
