# SPDX-License-Identifier: BSD-2-Clause
# OpenSC's own tool sees the reader and our contact-card ATR through pcscd.
. "$UIMKEY_TOP/tests/integration/lib.sh"

run opensc-tool -l
check "opensc-tool lists the vpcd reader" has "$READER0"
run opensc-tool -r "$READER0" -a
check "opensc-tool -a prints the uimkey ATR" has "3b:86:81:31:fe:15:75:69:6d:6b:65:79"
run opensc-tool -n
check "OpenSC's PIV driver takes the card" has "Personal Identity Verification Card"
