# SPDX-License-Identifier: BSD-2-Clause
# pkcs11-tool loads uimkey-pkcs11.so and sees one slot per reader, the
# token in the one with the card.
. "$UIMKEY_TOP/tests/integration/lib.sh"

serial=$(uimkey list | sed -n "s/^$READER0: uimkey, serial \([0-9]*\),.*/\1/p")
run p11tool -I
check "pkcs11-tool -I loads the module" test "$rc" -eq 0
check "module info names uimkey" has "uimkey"
run p11tool -L
check "pkcs11-tool -L exits 0" test "$rc" -eq 0
check "-L shows the reader with the card" has "$READER0"
check "-L shows the empty reader" has "$READER1"
check "-L shows the token labelled with the card's serial" has "uimkey #$serial"
check "-L shows the token serial" has "$serial"
run p11tool -T
check "pkcs11-tool -T lists only the slot with a token" \
    sh -c "printf '%s' \"\$0\" | grep -q '$READER0' && ! printf '%s' \"\$0\" | grep -q '$READER1'" "$out"
