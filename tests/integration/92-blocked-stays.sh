# SPDX-License-Identifier: BSD-2-Clause
# A blocked PIN stays blocked across restarts of uimkey-card (SIGTERM and
# SIGKILL) and card resets; only the PUK brings it back.
. "$UIMKEY_TOP/tests/integration/lib.sh"

piv() { yubico-piv-tool -r "$READER0" "$@"; }
for i in 1 2 3; do piv -a verify-pin -P 999999 >/dev/null 2>&1; done
run piv -a verify-pin -P 123456
check "the PIN is blocked after three wrong tries" test "$rc" -ne 0

uimkey-env card-stop 0 >/dev/null
uimkey-wait --absent "00 00" --timeout 10 >/dev/null
uimkey-env card-start 0 >/dev/null
uimkey-wait --timeout 10 >/dev/null
run piv -a verify-pin -P 123456
check "still blocked after a restart" test "$rc" -ne 0

kill -KILL "$(cat "$UIMKEY_ENV_DIR/card0.pid")"
uimkey-wait --absent "00 00" --timeout 10 >/dev/null
uimkey-env card-start 0 >/dev/null
uimkey-wait --timeout 10 >/dev/null
run uimkey apdu "00 20 00 80"
check "still blocked after kill -9 (VERIFY status: 6983)" has "SW 6983"

run opensc-tool -r "$READER0" -s 00:20:00:80
check "and after another program's reset" has "SW1=0x69, SW2=0x83"
run piv -a unblock-pin -P 12345678 -N 11223344
check "the PUK unblocks it" test "$rc" -eq 0
run piv -a verify-pin -P 11223344
check "and the new PIN works" test "$rc" -eq 0
