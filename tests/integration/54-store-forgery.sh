# SPDX-License-Identifier: BSD-2-Clause
# Forged stores, through uimkey-card: copies of a populated card's store
# (with its device key and counter) are cut in every region of the
# layout (docs/apdu.md "The record store"; the offsets come from the
# card's headers through store_offsets.c): the card header, the
# manifest, a committed journal's header, entries and manifest entry,
# and each record's image header, content and tag.  A byte flipped, 16
# bytes zeroed, two records' images swapped, an older image of a record
# or of the manifest put back from an earlier copy, the whole earlier
# copy put back: uimkey-card refuses to start at once (exit status 1),
# says why, and leaves the file as it was.  The untouched copies start.
# A table of the cuts is in the output.
. "$UIMKEY_TOP/tests/integration/lib.sh"
. "$UIMKEY_TOP/tests/integration/store_setup.sh"

d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
umask 077
e=$UIMKEY_ENV_DIR/card0.store
# Nothing listens there: a card that starts keeps trying to reach vpcd
# (timeout ends it: 124), one that refuses its store exits at once (1).
port=$((UIMKEY_PORT + 7))
AUTH="fails authentication"
OLDER="older than its counter"

store_start "$d"

# keep NAME: the card's store, key and counter copied to d/NAME.*.
keep() {
	for x in "" .key .counter; do
		cp "$e$x" "$d/$1.store$x"
	done
}

populate "$d"
test_ca "$d"
certify "$d" "$d/9a.pub" "card holder" "$d/9a.crt"
run uimkey cert import --slot 9a --mgmt-key-file "$d/mgmt" "$d/9a.crt"
check "a certificate for 9a" test "$rc" -eq 0
uimkey-env card-stop 0 >/dev/null
keep old
uimkey-env card-start 0 >/dev/null
printf '86420135\n' > "$d/pin2"
run uimkey pin change --pin-file "$d/pin" --new-pin-file "$d/pin2"
check "then the PIN changed" test "$rc" -eq 0
run add_key "$d" 82 p256 never
check "and a key imported into 82" test "$rc" -eq 0
uimkey-env card-stop 0 >/dev/null
keep new
uimkey-env card-start 0 >/dev/null
run kill_in kill:3 add_key "$d" 83 p384 once
keep jnl
check "a store with a committed journal: the card killed after the \
commit point of an import into 83" sh -c "test \"\$(od -An -tx1 -N4 \
    -j $UK_JHDR_OFF '$d/jnl.store' | tr -d ' ')\" = 554a4e4c"
uimkey-env card-start 0 >/dev/null

py "$SCAN" records "$d/layout" "$d/new.store" > "$d/records"
rec() { awk -v id="$1" '$1 == id { print $2 }' "$d/records"; }
objs=$(awk -v o="$UK_REC_OBJ0" -v m="$UK_META_ID" \
    '$1 >= o && $1 != m && $4 > 0 { print $1 }' "$d/records")
set -- $objs
check "two data objects hold something (the certificates of 9a and F9)" \
    test $# -ge 2
o1=$(rec "$1")
o2=$(rec "$2")
jbytes=$(od -An -tu4 --endian=big -N4 -j $((UK_JHDR_OFF + UK_JH_BYTES)) \
    "$d/jnl.store" | tr -d ' ')
jman=$((UK_JDATA_OFF + jbytes - UK_JMAN_LEN))

# starts NAME: uimkey-card on d/NAME.store, its key and counter.
starts() {
	run timeout 2 uimkey-card --port "$port" --store "$d/$1.store" \
	    --kdf-iterations 10
}

echo "# base  region                        cut    offset  length  status"
# forge BASE WHAT REASON OP OFF LEN [ARG]: a copy of BASE cut (store_scan.py
# cut OP OFF LEN ARG) is refused, saying REASON, and left as it was.
# With ctr=NAME, the copy gets NAME's counter.
forge() {
	base=$1 what=$2 why=$3
	shift 3
	for x in "" .key .counter; do
		cp "$d/$base.store$x" "$d/t.store$x"
	done
	[ -z "${ctr:-}" ] || cp "$d/$ctr.store.counter" "$d/t.store.counter"
	py "$SCAN" cut "$d/t.store" "$@"
	cp "$d/t.store" "$d/t.cut"
	starts t
	printf '# %-4s  %-29s %-5s %7d %7d  %s\n' "$base" "$what" "$1" "$2" \
	    "$3" "$rc"
	check "$base, $what: $1 at $2 ($3 bytes) refused, as $why" sh -c \
	    "test $rc -eq 1 && printf '%s' \"\$0\" | grep -qF '$why' &&
	    cmp -s '$d/t.store' '$d/t.cut'" "$out"
}

H=$UK_HOME_HDR_LEN
# image NAME OFF: the cuts of one record image at OFF, whose content
# is at least 40 bytes: its version, length, nonce, tag, content.
image() {
	forge new "$1: version" "$AUTH" flip $(($2 + UK_HOME_HDR_VER + 7)) 1
	forge new "$1: length" "$AUTH" flip $(($2 + UK_HOME_HDR_LEN_AT + 3)) 1
	forge new "$1: nonce" "$AUTH" flip $(($2 + UK_HOME_HDR_NONCE)) 1
	forge new "$1: tag" "$AUTH" flip $(($2 + UK_HOME_HDR_TAG + 9)) 1
	forge new "$1: content" "$AUTH" flip $(($2 + H + 33)) 1
	forge new "$1: content" "$AUTH" zero $(($2 + H + 16)) 16
	forge new "$1: header" "$AUTH" zero $(($2 + UK_HOME_HDR_NONCE)) 16
}

# --- the card header
forge new "card header: magic" "$AUTH" flip $UK_LAYOUT_HDR_OFF 1
# uimkey-card reads the format byte first, to name a store of another
# format; the core would find the tag failing.
forge new "card header: format" "written by a later uimkey" flip \
    $UK_LAYOUT_HDR_FORMAT 1
forge new "card header: serial" "$AUTH" flip $((UK_LAYOUT_HDR_SERIAL + 3)) 1
forge new "card header: nonce" "$AUTH" flip $((UK_LAYOUT_HDR_NONCE + 4)) 1
forge new "card header: tag" "$AUTH" flip $((UK_LAYOUT_HDR_TAG + 15)) 1
forge new "card header: tag" "$AUTH" zero $UK_LAYOUT_HDR_TAG 16
forge new "card header: all" "not a uimkey card store" zero 0 16
forge new "card header: format 1" "written by an earlier uimkey" plant \
    "$UK_LAYOUT_HDR_FORMAT" 1 01
rm "$d/t.store.key" "$d/t.store.counter"
run uimkey-card --upgrade --store "$d/t.store" --kdf-iterations 10
check "which uimkey-card --upgrade refuses too, as damaged, leaving it \
as it was and no key behind" sh -c "test $rc -eq 1 &&
    printf '%s' \"\$0\" | grep -q 'fails its CRC-32 check' &&
    cmp -s '$d/t.store' '$d/t.cut' && test ! -e '$d/t.store.key'" "$out"
# A magic erased (FF) says "never formatted"; but the counter says this
# card made changes: refused as erased.  Only without its key and counter
# does a blank store make a new card, of which nothing is the old card's.
forge new "card header: magic erased" "the store is blank, but its counter" \
    plant "$UK_LAYOUT_HDR_OFF" 4 FFFFFFFF
check "naming what a new card in its place needs" has "removed too"
rm -f "$d/t.store.key" "$d/t.store.counter"
starts t
py "$SCAN" records "$d/layout" "$d/t.store" > "$d/t.records"
check "the magic erased, key and counter removed: a new card is made, \
with another serial, no key of the old in its slots and no issuer key" \
    sh -c "test $rc -eq 124 &&
    ! cmp -s -i $UK_LAYOUT_HDR_SERIAL:$UK_LAYOUT_HDR_SERIAL -n 4 \
    '$d/t.store' '$d/new.store' &&
    awk -v a=$KEYREC_9a -v b=$KEYREC_95 -v i=$UK_REC_ISSUER \
    '(\$1 >= a && \$1 <= b || \$1 == i) && \$4 != 0 { bad = 1 }
    END { exit bad }' '$d/t.records'"

# --- the manifest
image manifest "$UK_META_OFF"
m=$((UK_META_OFF + H))
forge new "manifest: sequence" "$AUTH" flip $((m + UK_MAN_SEQ + 7)) 1
forge new "manifest: counter" "$AUTH" flip $((m + UK_MAN_COUNTER + 7)) 1
forge new "manifest: 9a's version" "$AUTH" flip \
    $((m + UK_MAN_VERSIONS + 8 * KEYREC_9a + 7)) 1
# An older manifest names an older commit: below the counter.  With the
# older counter put back too, its versions are not the records'.
forge new "manifest: older" "$OLDER" copy "$UK_META_OFF" "$UK_META_ROOM" \
    "$d/old.store"
ctr=old forge new "manifest, counter: older" "$AUTH" copy "$UK_META_OFF" \
    "$UK_META_ROOM" "$d/old.store"

# --- the records: credentials, issuer, keys, objects
image credentials "$(rec "$UK_REC_CRED")"
forge new "credentials: older (old PIN)" "$AUTH" copy \
    "$(rec "$UK_REC_CRED")" $((H + UK_REC_CRED_MAX)) "$d/old.store"
image issuer "$(rec "$UK_REC_ISSUER")"
image "key 9a (P-256, once)" "$(rec "$KEYREC_9a")"
image "key 9d (RSA-2048, never)" "$(rec "$KEYREC_9d")"
image "key 95 (P-256, always, sealed)" "$(rec "$KEYREC_95")"
image "key f9 (attestation)" "$(rec "$KEYREC_f9")"
forge new "key 82: older (empty)" "$AUTH" copy "$(rec "$KEYREC_82")" \
    "$UK_KEY_ROOM" "$d/old.store"
forge new "key 83 (empty): tag" "$AUTH" flip \
    $(($(rec "$KEYREC_83") + UK_HOME_HDR_TAG)) 1
forge new "keys 9a and 9e swapped" "$AUTH" swap "$(rec "$KEYREC_9a")" \
    "$UK_KEY_ROOM" "$(rec "$KEYREC_9e")"
forge new "keys 9e and 83 (empty) swapped" "$AUTH" swap \
    "$(rec "$KEYREC_9e")" "$UK_KEY_ROOM" "$(rec "$KEYREC_83")"
image "object $1" "$o1"
forge new "objects $1 and $2 swapped" "$AUTH" swap "$o1" "$UK_OBJ_ROOM" "$o2"

# --- a committed journal: its header, entries, manifest entry
j=$UK_JHDR_OFF
forge jnl "journal header: sequence" "$AUTH" flip $((j + UK_JH_SEQ + 7)) 1
forge jnl "journal header: count" "$AUTH" flip $((j + UK_JH_COUNT + 3)) 1
forge jnl "journal header: size" "$AUTH" flip $((j + UK_JH_BYTES + 3)) 1
forge jnl "journal header: nonce" "$AUTH" flip $((j + UK_JH_NONCE)) 1
forge jnl "journal header: tag" "$AUTH" zero $((j + UK_JH_TAG)) 16
# Their magic or mark changed, the commit looks cut short and is
# dropped: what the kill left half copied home is then damage.
forge jnl "journal header: magic" "$AUTH" flip $((j + UK_JH_MAGIC + 1)) 1
forge jnl "journal header: mark" "$AUTH" flip $((j + UK_JH_MARK + 3)) 1
forge jnl "journal entry: record id" "$AUTH" flip $((UK_JDATA_OFF + 3)) 1
je=$((UK_JDATA_OFF + UK_JENT_HDR_LEN))
forge jnl "journal entry: version" "$AUTH" flip $((je + UK_HOME_HDR_VER + 7)) 1
forge jnl "journal entry: length" "$AUTH" flip $((je + UK_HOME_HDR_LEN_AT + 3)) 1
forge jnl "journal entry: tag" "$AUTH" flip $((je + UK_HOME_HDR_TAG)) 1
forge jnl "journal entry: content" "$AUTH" flip $((je + H + 20)) 1
forge jnl "journal entry: content" "$AUTH" zero $((je + H + 40)) 16
forge jnl "journal: manifest entry" "$AUTH" flip $((jman + 60)) 1
forge jnl "journal: last byte" "$AUTH" flip $((UK_JDATA_OFF + jbytes - 1)) 1

# --- whole copies
for x in "" .key; do
	cp "$d/old.store$x" "$d/older.store$x"
done
cp "$d/new.store.counter" "$d/older.store.counter"
starts older
check "the earlier copy put back whole (with today's counter) is \
refused, as older than its counter" sh -c "test $rc -eq 1 &&
    printf '%s' \"\$0\" | grep -qF '$OLDER'" "$out"
for b in old new jnl; do
	starts $b
	check "the untouched copy $b starts" test "$rc" -eq 124
done
