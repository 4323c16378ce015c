# SPDX-License-Identifier: BSD-2-Clause
# Whoever copies the card's files, all but the device key, gets nothing:
# a card personalized with a known PIN, PUK, AES-256 management key and
# issuer key, holding known keys in every slot kind (P-256, P-384,
# RSA-2048; PIN policy never, once, always; sealed and under KP), and
# its factory attestation key.  No 16 bytes of any private element (EC
# scalar; RSA d, p, q, dp, dq, qinv), nor the PIN (as stored: padded
# with FF) or PUK, nor the management key, nor the issuer's public key,
# are in any file of the store's directory but the key file: after
# normal use, and right after the card was killed inside a commit's
# sync (in each of a commit's four syncs), leftovers included.  With
# the device key, the records do open (store_scan.py opens them as the
# card does): they hold the keys of policy never, the attestation key
# and the management key, which the store's encryption alone hides, and
# never the PIN, the PUK or a key of policy once or always, which the
# PIN layer hides.  A copy with a secret planted is caught (the scan
# can fail).
. "$UIMKEY_TOP/tests/integration/lib.sh"
. "$UIMKEY_TOP/tests/integration/store_setup.sh"

d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
umask 077
e=$UIMKEY_ENV_DIR/card0.store

store_start "$d"
check "the card restarted with a fault file" test $? -eq 0

populate "$d"
uimkey cert export --slot f9 -o "$d/f9.crt" 2>/dev/null
openssl x509 -in "$d/f9.crt" -pubkey -noout > "$d/f9.pub"

# store_files: every regular file of the store's directory but the
# device keys, one a line.
store_files() {
	find "$UIMKEY_ENV_DIR" -maxdepth 1 -type f ! -name '*.key' | sort
}

store_listed() {
	store_files | grep -qx "$e"
}

# scan_all WHEN: all secrets against store_files.
scan_all() {
	echo "# the store's directory $1:"
	store_files | while read -r f; do
		echo "#   $(basename "$f") $(stat -c %s "$f")"
	done
	# shellcheck disable=SC2046
	run py "$SCAN" scan "$d/secrets" $(store_files)
	check "$1: no 16 bytes of a secret in any file of the store's \
directory but the device key ($(wc -l < "$d/secrets") secrets)" \
	    test "$rc" -eq 0
	check "the store itself among them" store_listed
}

# --- with the device key: the records open, and hold what they should
uimkey-env card-stop 0 >/dev/null
mkdir "$d/plain"
run py "$SCAN" open "$d/layout" "$e" "$e.key" "$d/plain"
check "with the device key, the manifest and every record open (the \
layout is read right)" test "$rc" -eq 0
run py "$SCAN" scalar "$d/plain/rec-$KEYREC_f9.bin" "$d/f9.pub"
check "the F9 record holds the attestation key's private scalar" \
    test "$rc" -eq 0 -a -n "$out"
[ "$rc" -eq 0 ] && echo "F9-attestation-scalar $out" >> "$d/secrets"

# Each line of the secrets that match PATTERN found (want 1) or not (0)
# in the decrypted records.
in_plain() {
	bad=0
	grep -E "$1" "$d/secrets" | while read -r line; do
		printf '%s\n' "$line" > "$d/one"
		py "$SCAN" scan "$d/one" "$d"/plain/rec-*.bin > "$d/one.out"
		r=$?
		if [ "$r" -ne "$2" ]; then
			echo "# ${line%% *}: scan gave $r, want $2"
			bad=1
		fi
		[ "$bad" = 0 ] || return 1
	done
}
# The card keeps RSA keys as p, q, dp, dq, qinv: d is not in a record.
never='^(key-[^ ]*-never-([^p]|prime|priv )|F9|management|issuer)'
secret='^(PIN|PUK|key-[^ ]*-(once|always)-)'
check "decrypted, the records hold every private element of the keys \
of PIN policy never (RSA: p, q, dp, dq, qinv), the attestation key, the \
management key and the issuer key" in_plain "$never" 1
check "but not the PIN, the PUK, nor any 16 bytes of a key of PIN \
policy once or always (sealed or under KP)" \
    in_plain "$secret" 0
check "(the selections hold 10 and 11 secrets)" sh -c "test \
    \$(grep -cE '$never' '$d/secrets') -eq 10 &&
    test \$(grep -cE '$secret' '$d/secrets') -eq 11"

# --- without it: nothing
scan_all "after personalization, import and use"
cp "$e" "$d/planted"
nine=$(sed -n 's/^key-9a[^ ]* //p' "$d/secrets" | head -n 1 | cut -c 11-42)
run py "$SCAN" cut "$d/planted" plant $((UK_OBJS_OFF + 5)) 16 "$nine"
run py "$SCAN" cut "$d/planted" plant $((UK_JDATA_OFF + 77)) 8 \
    "$(hexof "$PIN")FFFF"
run py "$SCAN" scan "$d/secrets" "$d/planted"
check "control: a copy with bytes 5..20 of 9a's scalar and the padded \
PIN planted is caught, both" sh -c "test $rc -eq 1 &&
    printf '%s' \"\$0\" | grep -q 'FOUND: key-9a-p256-once-priv bytes 5..20' &&
    printf '%s' \"\$0\" | grep -q 'FOUND: PIN-as-stored bytes 0..7'" "$out"

# --- killed inside a commit: old or new state, and nothing to find
# killed N SYNC SLOT WHAT: a P-256 key (policy never) imported into
# SLOT, the card killed in its SYNC-th store sync, the N-th kill.
killed() {
	run kill_in "kill:$2" add_key "$d" "$3" p256 never
	n=$(grep -c 'fault injected: kill' "$UIMKEY_ENV_DIR/card0.log")
	check "an import into $3, the card killed in $4 (kills in its log: \
$n)" test "$n" -eq "$1"
	scan_all "right after the kill in sync $2"
	uimkey-env card-start 0 >/dev/null
	check "the card starts again on the store it left" test $? -eq 0
	run uimkey info
}
uimkey-env card-start 0 >/dev/null
killed 1 1 8a "its first sync (the journal entries), before the commit \
point"
check "without the key: the old state" not has "slot 8a"
killed 2 3 8b "its third sync (records copied home), after the commit \
point"
check "with the key: the commit replayed" has "slot 8b"
killed 3 2 8d "its second sync (the journal header, the commit point, \
torn)"
check "without the key: the torn commit point is no commit" \
    not has "slot 8d"
killed 4 4 8e "its fourth sync (the journal header erased, after the \
records went home)"
check "with the key: the commit stands" has "slot 8e"
uimkey-env card-stop 0 >/dev/null
scan_all "at the end, the journal replayed"
uimkey-env card-start 0 >/dev/null
