# SPDX-License-Identifier: BSD-2-Clause
# The card's device key and counter (uimkey-card --device-key, --counter):
# made with a new store, mode 0600, beside it (in uimkey-env too); the
# store file alone holds no plaintext.  uimkey-card refuses, saying why,
# a key that group or others may read or write, a store whose key is
# missing, a key of the wrong length, another card's key, a damaged
# store, a store older than its counter, and a store of format 1 (an
# earlier uimkey's: fixtures/format1.store.gz, made by uimkey-card before
# the store was encrypted).
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

run uimkey-card --port "$port" --store "$d/c.store" --kdf-iterations 0
check "--kdf-iterations 0 is a usage error" test "$rc" -eq 2
