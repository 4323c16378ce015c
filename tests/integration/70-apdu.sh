# Raw APDUs through the real stack (OpenSC's opensc-tool -s): status words
# for good and bad commands, short and extended lengths.
. "$UIMKEY_TOP/tests/integration/lib.sh"

apdu() {
	run opensc-tool -r "$READER0" -s "$1"
}
apdu 00:A4:04:00:0B:A0:00:00:03:08:00:00:10:00:01:00:00
check "SELECT full AID: 9000" has "SW1=0x90, SW2=0x00"
check "SELECT returns the PIX" has "61 1D 4F 06 00 00 10 00 01 00 79 07"
apdu 00:A4:04:00:05:A0:00:00:03:08
check "SELECT 5-byte RID: 9000" has "SW1=0x90, SW2=0x00"
apdu 00:FD:00:00:00
check "GET VERSION: 05 04 00" has "05 04 00"
apdu 00:12:00:00
check "unknown INS: 6D00" has "SW1=0x6D, SW2=0x00"
apdu 80:FD:00:00
check "unknown CLA: 6E00" has "SW1=0x6E, SW2=0x00"
apdu 00:A4:04:00:06:A0:00:00:03:08
check "Lc beyond the data: 6700" has "SW1=0x67, SW2=0x00"
apdu 00:A4:04:00:00:00:05:A0:00:00:03:08:00:00
check "extended-length SELECT: 9000" has "SW1=0x90, SW2=0x00"
