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
