# SPDX-License-Identifier: BSD-2-Clause
# The uimkey command line finds the card through libuimkey and pcscd.
. "$UIMKEY_TOP/tests/integration/lib.sh"

run uimkey list
check "uimkey list exits 0" test "$rc" -eq 0
check "uimkey list shows the card as uimkey 5.4.0" \
    sh -c "printf '%s\n' \"\$0\" | grep -Eq '^$READER0: uimkey, serial [0-9]{8}, version 5.4.0$'" "$out"
check "uimkey list shows the empty reader" has "$READER1: no card"
run uimkey list extra
check "uimkey list with an extra argument exits 2" test "$rc" -eq 2
run uimkey frobnicate
check "an unknown command exits 2 with a message" \
    sh -c "[ $rc -eq 2 ] && printf '%s' \"\$0\" | grep -q \"unknown command 'frobnicate'\"" "$out"

# vpcd gives the card two readers, "uimkey PCD 00 00" with the card and
# "uimkey PCD 00 01" empty.  A part of their names is no reader: uimkey
# picks neither (one is empty; with two cards either could be meant) and
# says which whole names contain it.
run uimkey info --reader "uimkey PCD"
check "--reader with a part of the names fails (exit 1)" test "$rc" -eq 1
check "... as no such reader" has "uimkey PCD: no such reader"
check "... naming the reader with the card" has "'$READER0' (a card)"
check "... and the empty one" has "'$READER1' (empty)"
check "... and using no card" sh -c 'case "$0" in *"reader: "*|*"card: "*) exit 1 ;; esac' "$out"
run uimkey info --reader "$READER0"
check "--reader with the whole name uses that reader's card" \
    has "reader:         $READER0"
