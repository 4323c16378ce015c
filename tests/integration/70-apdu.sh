# SPDX-License-Identifier: BSD-2-Clause
# Raw APDUs through the real stack (OpenSC's opensc-tool -s): status words
# for good and bad commands, short and extended lengths.
. "$UIMKEY_TOP/tests/integration/lib.sh"

apdu() {
	run opensc-tool -r "$READER0" -s "$1"
}
apdu 00:A4:04:00:0B:A0:00:00:03:08:00:00:10:00:01:00:00
check "SELECT full AID: 9000" has "SW1=0x90, SW2=0x00"
check "SELECT returns the PIX" has "61 25 4F 06 00 00 10 00 01 00 79 07"
apdu 00:A4:04:00:05:A0:00:00:03:08
check "SELECT 5-byte RID: 9000" has "SW1=0x90, SW2=0x00"
apdu 00:FD:00:00:00
check "GET VERSION: 05 04 00" has "05 04 00"
apdu 00:12:00:00
check "unknown INS: 6D00" has "SW1=0x6D, SW2=0x00"
apdu 80:FD:00:00
check "unknown CLA: 6E00" has "SW1=0x6E, SW2=0x00"

# opensc-tool refuses to send malformed or extended APDUs; uimkey apdu
# sends whatever it is given.
run uimkey apdu "00 A4 04 00 06 A0 00 00 03 08"
check "Lc beyond the data: 6700" has "SW 6700"
run uimkey apdu "00 A4 04 00 02 A0 00 00 03 08"
check "Lc short of the data: 6700" has "SW 6700"
run uimkey apdu "00 A4 04 00 00 00 05 A0 00 00 03 08 00 00"
check "extended-length SELECT: 9000" has "SW 9000"
check "extended-length SELECT returns the template" has "61 25 4F 06"
run uimkey apdu "00 FD 00 00 00 00 00"
check "extended Le on GET VERSION" has "05 04 00"
run uimkey apdu "00 A4 04 00 05 A0 00 00 03 08 04"
check "short Le: the host follows 61xx and joins the parts" has "50 0A 75 69 6D 6B 65 79 20 50 49 56"
# A command longer than the card takes in one piece is read off the link
# and refused, and the card still answers afterwards.
big="00 DB 3F FF 00 13 00 $(head -c 4864 /dev/zero | od -An -v -tx1 | tr -s ' \n' '  ')"
run uimkey apdu "$big" "00 FD 00 00"
check "an over-long extended APDU gets 6700" has "SW 6700"
check "and the card answers the next command" has "05 04 00"
run uimkey apdu "zz"
check "a malformed hex argument exits 2" test "$rc" -eq 2
# uimkey apdu opens no channel and moves nothing: class 01 names
# channel 1, which it did not open.
run uimkey apdu "01 FD 00 00"
check "uimkey apdu sends the class byte as given, on channel 0" has "SW 6881"
