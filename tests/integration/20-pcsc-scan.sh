# SPDX-License-Identifier: BSD-2-Clause
# pcsc_scan lists both vpcd readers, the card inserted in the first.
. "$UIMKEY_TOP/tests/integration/lib.sh"

run pcsc_scan -r
check "pcsc_scan -r lists reader 00 00" has "$READER0"
check "pcsc_scan -r lists reader 00 01" has "$READER1"
run timeout 10 pcsc_scan -t 1 -n
check "pcsc_scan sees a card inserted" has "Card inserted"
check "pcsc_scan shows the ATR" has "3B 86 81 31 FE 15 75 69 6D 6B 65 79"
