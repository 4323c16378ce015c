# SPDX-License-Identifier: BSD-2-Clause
# Storage faults: uimkey-card's file store made to fail on
# purpose (a torn store write; a sync that writes half, a quarter or none
# of its bytes, then fails with EIO or ENOSPC), at every write and sync of
# every state-changing command, through pcscd.  Each is answered 6581
# with the previous state kept, or done with the new state when the fault
# came after the commit point; the store file always holds what the card
# answers (a card whose sync failed refuses its store until restarted,
# then shows that state); a disk that stays full refuses every change and
# loses nothing.  89-sync-kill.sh has the faults that leave the outcome
# unknown.  (tests/stress/faults.c; the fault hook:
# vsmartcard/store_fault.h.)
. "$UIMKEY_TOP/tests/integration/lib.sh"

. "$UIMKEY_TOP/tests/integration/faults_run.sh"
faults_run --kinds write,short,enospc,eio --sticky
check "faults finished in time (status $rc)" test "$rc" -ne 124
n=$(grep -c 'fault injected' "$UIMKEY_ENV_DIR/card0.log")
echo "# the card's log counts $n injected faults"
check "the card injected faults (its log: $n)" test "$n" -gt 0
