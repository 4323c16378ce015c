# SPDX-License-Identifier: BSD-2-Clause
# Kills inside store syncs, and syncs that fail once their bytes are in
# the file: every state-changing command of tests/stress/faults.c run
# while uimkey-card is told to kill itself (SIGKILL) inside its 1st, 2nd,
# ... store sync, after half of the bytes that sync writes in place
# (kind "kill"), or to fail that sync after writing all of it ("fsync":
# its fdatasync fails; "late": after the fdatasync).  The card cannot
# know what such a sync left: restarted on its store file, the card must
# hold the previous state or the new one (the new one after a normal
# answer), never a mix and never a store that does not open.
# (The fault hook: vsmartcard/store_fault.h.)
. "$UIMKEY_TOP/tests/integration/lib.sh"

. "$UIMKEY_TOP/tests/integration/faults_run.sh"
faults_run --kinds fsync,late,kill
check "kills finished in time (status $rc)" test "$rc" -ne 124
n=$(grep -c 'fault injected: kill' "$UIMKEY_ENV_DIR/card0.log")
echo "# the card's log counts $n kills inside a sync"
check "the card was killed inside syncs (its log: $n)" test "$n" -gt 20
