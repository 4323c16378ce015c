#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs every uimkey test and ends with the line "N passed, N failed".
#   tests/run.sh BUILD_DIR [SANITIZE]
# Unit tests run in process.  Each integration test runs in its own private
# PC/SC stack (uimkey-env: private pcscd, vpcd, uimkey-card) and prints
# "ok - NAME" / "not ok - NAME" lines, as the unit tests do.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
sanitize=${2:-}
only=${UIMKEY_TESTS:-}          # e.g. UIMKEY_TESTS=restart runs matching files
logdir="$build/test-logs"
rm -rf "$logdir"
mkdir -p "$logdir"

export UIMKEY_TOP="$top" UIMKEY_BUILD="$build"
export PATH="$build/bin:$PATH"
# Foreign programs that load our sanitized module need the ASan runtime
# first; their own leaks are not ours to report.
UIMKEY_PRELOAD=""
if [ "$sanitize" = 1 ]; then
	UIMKEY_PRELOAD=$(${CC:-cc} -print-file-name=libasan.so)
	export UIMKEY_SANITIZE=1
fi
export UIMKEY_PRELOAD
# Lets the isolation test prove it is not in the machine's namespaces.
UIMKEY_OUTER_NETNS=$(readlink /proc/self/ns/net)
UIMKEY_OUTER_MNTNS=$(readlink /proc/self/ns/mnt)
export UIMKEY_OUTER_NETNS UIMKEY_OUTER_MNTNS

passed=0
failed=0

# count LOG STATUS NAME: add the log's ok/not ok lines to the totals; a
# program that failed without saying which check counts as one failure.
count() {
	ok=$(grep -c '^ok - ' "$1")
	bad=$(grep -c '^not ok - ' "$1")
	if [ "$2" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "not ok - $3 exited with status $2" >> "$1"
		bad=1
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$bad" -gt 0 ]; then
		echo "FAIL $3 ($ok passed, $bad failed); log $1:"
		sed 's/^/    /' "$1" | tail -n 60
	else
		echo "pass $3 ($ok checks)"
	fi
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	case "$name" in *"$only"*) ;; *) continue ;; esac
	log="$logdir/$name.log"
	"$t" "$build/lib/uimkey-pkcs11.so" > "$log" 2>&1
	count "$log" $? "$name"
done

# The fuzz targets (make test builds them; not in the SANITIZE=1 run, as
# they are sanitized anyway): corpora and regression inputs replayed, then
# a short run of each.
fuzz_dir=${UIMKEY_FUZZ_DIR:-}
case fuzz in *"$only"*) ;; *) fuzz_dir="" ;; esac
if [ -n "$fuzz_dir" ]; then
	log="$logdir/fuzz.log"
	sh "$top/fuzz/run.sh" ci "$fuzz_dir" "${UIMKEY_FUZZ_SECONDS:-10}" \
	    fuzz_card fuzz_host fuzz_profile fuzz_ra fuzz_p11_template \
	    fuzz_upgrade fuzz_sm \
	    > "$log" 2>&1
	count "$log" $? fuzz
fi

for t in "$top"/tests/integration/[0-9]*.sh; do
	name=$(basename "$t" .sh)
	case "$name" in *"$only"*) ;; *) continue ;; esac
	log="$logdir/$name.log"
	cards=$(sed -n 's/^# cards: *//p' "$t")
	envargs=$(sed -n 's/^# uimkey-env: *//p' "$t")
	# shellcheck disable=SC2086
	timeout -k 10 300 "$build/bin/uimkey-env" --cards "${cards:-1}" \
	    $envargs -- sh "$t" > "$log" 2>&1
	count "$log" $? "$name"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
