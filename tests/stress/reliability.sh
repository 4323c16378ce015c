#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The reliability table: runs the stress tests
# (tests/integration/81-89, each in its own uimkey-env) and the power-cut
# unit tests, and prints one table: kill-restart cycles survived,
# power-cut points, storage faults injected, concurrent signatures
# verified, removals survived, memory checks, each with its lost or
# corrupt count.
#   tests/stress/reliability.sh BUILD_DIR        (make reliability)
# Sizes (environment; soak.sh raises them):
#   UIMKEY_KILLS, UIMKEY_KILL_SECONDS   kills per card, time budget (81)
#   UIMKEY_CONC_SIGS                    signatures per signer (83)
#   UIMKEY_REMOVALS                     card kills under sessions (84)
#   UIMKEY_FAULT_RUNS                   runs of the fault sweeps (82, 89)
#   UIMKEY_STRESS_SEED                  a seed, to repeat a run
# Logs: BUILD_DIR/reliability-logs/.  The fuzz targets (built by make
# reliability into build/fuzz) run UIMKEY_FUZZ_SECONDS each (default 30)
# and add their rows.
# Exit status 0 when every check passed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-build}" && pwd)
logs="$build/reliability-logs"
rm -rf "$logs"
mkdir -p "$logs"
export UIMKEY_TOP="$top" UIMKEY_BUILD="$build" PATH="$build/bin:$PATH"
export UIMKEY_PRELOAD="${UIMKEY_PRELOAD:-}"
failed=0

# t NAME [LOG]: one integration test in its own environment.
t() {
	f="$top/tests/integration/$1.sh"
	log="$logs/${2:-$1}.log"
	cards=$(sed -n 's/^# cards: *//p' "$f")
	envargs=$(sed -n 's/^# uimkey-env: *//p' "$f")
	printf '%s ... ' "${2:-$1}" >&2
	start=$(date +%s)
	# shellcheck disable=SC2086
	timeout -k 10 "${UIMKEY_TEST_TIMEOUT:-3600}" "$build/bin/uimkey-env" \
	    --cards "${cards:-1}" $envargs -- sh "$f" > "$log" 2>&1
	rc=$?
	bad=$(grep -c '^not ok' "$log")
	[ "$rc" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
	failed=$((failed + bad))
	echo "$(grep -c '^ok' "$log") ok, $bad not ok ($(( $(date +%s) - start )) s)" >&2
}

# sum PATTERN FIELD LOG...: the sum of the number after FIELD on the
# lines matching PATTERN.
sum() {
	pat=$1 field=$2
	shift 2
	cat "$@" 2>/dev/null | grep -- "$pat" |
	    sed -n "s/.*$field \([0-9][0-9]*\).*/\1/p" |
	    awk '{ s += $1 } END { print s + 0 }'
}
notok() {
	cat "$@" 2>/dev/null | grep -c '^not ok'
}

t 81-kill-restart
runs=${UIMKEY_FAULT_RUNS:-1}
i=1
while [ "$i" -le "$runs" ]; do
	t 82-storage-faults "82-storage-faults.$i"
	t 89-sync-kill "89-sync-kill.$i"
	i=$((i + 1))
done
t 83-p11-concurrency
t 84-p11-removal
t 85-card-ram
t 86-ssh-agent-reinsert
t 87-valgrind
t 88-p11-secrets
# The fuzz targets, each for UIMKEY_FUZZ_SECONDS (default 30); their
# rows land in $build/fuzz/reliability-rows.md, read below.
if [ -x "$top/build/fuzz/bin/fuzz_card" ]; then
	printf 'fuzz targets ... ' >&2
	sh "$top/fuzz/run.sh" fuzz "$top/build/fuzz" "${UIMKEY_FUZZ_SECONDS:-30}" \
	    fuzz_card fuzz_host fuzz_profile fuzz_ra fuzz_p11_template \
	    > "$logs/fuzz.log" 2>&1 || failed=$((failed + 1))
	echo "$(grep -c '^ok' "$logs/fuzz.log") ok, $(grep -c '^not ok' "$logs/fuzz.log") not ok" >&2
fi
printf 'power-cut unit tests ... ' >&2
for p in "$build"/tests/test_powercut* "$build"/tests/test_lock_powercut; do
	[ -x "$p" ] || continue
	"$p" "$build/lib/uimkey-pkcs11.so" > "$logs/$(basename "$p").log" 2>&1 ||
	    failed=$((failed + 1))
done
echo "done" >&2

L=$logs
kills=$(sum 'figures: card' 'kill-restart cycles' "$L"/81-*.log)
inside=$(sum 'figures: storage faults' 'kills inside a sync' "$L"/89-*.log)
klost=$(( $(sum 'figures: card' 'lost or corrupt' "$L"/81-*.log) + $(notok "$L"/81-*.log) ))
cut=$(sum 'figures: card' 'changes cut' "$L"/81-*.log)
cuts=$(sum 'cut points total' 'total:' "$L"/test_*powercut*.log)
cutbad=$(notok "$L"/test_*powercut*.log)
faults=$(sum 'figures: storage faults' 'injected' "$L"/8[29]-*.log)
points=$(sum 'figures: storage faults' 'at' "$L"/8[29]-*.log)
e6581=$(sum 'figures: storage faults' '6581 answers' "$L"/8[29]-*.log)
flost=$(notok "$L"/8[29]-*.log)
sigs=$(sum 'figures: concurrent' 'verified' "$L"/83-*.log)
sigbad=$(( $(sum 'figures: concurrent' 'failed' "$L"/83-*.log) + $(sum 'figures: concurrent' 'wrong' "$L"/83-*.log) ))
cbad=$(notok "$L"/83-*.log)
rem=$(sum 'figures: removals' 'survived' "$L"/84-*.log)
rbad=$(notok "$L"/84-*.log)
longest=$(sed -n 's/.*longest PKCS#11 call \([0-9.]*\) s.*/\1/p' "$L"/84-*.log | head -n 1)
ssh=$(grep -c '^ok - .*provider added again: the signature verifies' "$L"/86-*.log)
sshbad=$(notok "$L"/86-*.log)
vg=$(grep -c '^ok - valgrind' "$L"/87-*.log)
vgbad=$(notok "$L"/87-*.log)
sec=$(grep -c '^ok - secrets: after' "$L"/88-*.log)
secbad=$(notok "$L"/88-*.log)
ram=$(grep -c '^ok - card RAM: after' "$L"/85-*.log)
rambad=$(notok "$L"/85-*.log)

cat <<EOF

## uimkey reliability ($(date -u +%Y-%m-%d), seed ${UIMKEY_STRESS_SEED:-random})

| what | figure | lost, corrupt or failed |
|---|---|---|
| kill-restart cycles survived (uimkey-card SIGKILLed at random under a workload through pcscd, 2 cards, stores on disk) | $kills ($cut changes cut; and $inside kills inside a store sync, aimed by the fault hook) | $klost |
| power-cut points covered (card core in process, every write of every command, and again during recovery) | $cuts | $cutbad |
| storage faults injected (torn write; a sync writing half, a quarter or none of its bytes, a failed fdatasync, a sync failing once durable, a kill inside a sync; then each for good) | $faults at $points fault points ($e6581 answered 6581) | $flost |
| concurrent signatures verified (8 processes with logouts, 8 threads, a transaction holder and a signer SIGKILLed) | $sigs | $((sigbad + cbad)) |
| removals survived (card killed mid-signature, pcscd restarted, killed, down) | $rem (longest call ${longest:-?} s) | $rbad |
| ssh-agent re-insertions (card killed, pcscd restarted; provider re-added) | $ssh | $sshbad |
| valgrind runs clean (pkcs11-tool, threads, removals) | $vg | $vgbad |
| secrets gone (PIN after C_Logout, last session closed, C_Finalize; SO key) | $sec | $secbad |
| card RAM zero (after reset, power-off, SELECT; no key residue) | $ram | $rambad |
EOF
for rows in "$top/build/fuzz/reliability-rows.md"; do
	[ -f "$rows" ] && [ -f "$logs/fuzz.log" ] && cat "$rows"
done
echo
echo "logs: $logs"
[ "$failed" -eq 0 ]
