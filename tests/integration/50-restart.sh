# SPDX-License-Identifier: BSD-2-Clause
# The card survives a restart of uimkey-card: pcscd sees it leave and come
# back, and the store is reopened (same serial).
. "$UIMKEY_TOP/tests/integration/lib.sh"

before=$(uimkey list | grep "^$READER0")
check "card listed before restart" test -n "$before"
run uimkey-env card-stop 0
check "card-stop 0 succeeds" test "$rc" -eq 0
run uimkey-wait --absent "00 00" --timeout 10
check "pcscd sees the card removed" test "$rc" -eq 0
run uimkey list
check "uimkey list shows no card" has "$READER0: no card"
run p11tool -T
check "pkcs11-tool -T shows no token" sh -c "! printf '%s' \"\$0\" | grep -q '$READER0'" "$out"
run uimkey-env card-start 0
check "card-start 0 succeeds" test "$rc" -eq 0
run uimkey-wait --timeout 10
check "pcscd sees the card come back" test "$rc" -eq 0
after=$(uimkey list | grep "^$READER0")
echo "# before: $before"
echo "# after:  $after"
check "same card (serial) after the restart" test "$before" = "$after"
run p11tool -L
check "pkcs11-tool sees the token again" has "uimkey #"
