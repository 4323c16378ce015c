#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs the fuzz targets and prints one "ok - fuzz ..." or "not ok - fuzz ..."
# line per check (tests/run.sh counts them).
#
#   fuzz/run.sh fuzz FUZZ_DIR SECONDS TARGET...   fuzz each target SECONDS
#   fuzz/run.sh ci   FUZZ_DIR SECONDS TARGET...   replay fuzz/corpus/TARGET and
#                                                 fuzz/regress/TARGET, then
#                                                 fuzz each target SECONDS
#
# New inputs go to FUZZ_DIR/work/TARGET (the committed corpus is only
# read), crashes to FUZZ_DIR/crash/TARGET, libFuzzer's output to
# FUZZ_DIR/logs/TARGET.{replay,run}.log.  FUZZ_JOBS=N runs N fuzzing
# processes per target (libFuzzer -fork=N).  Exit status 1 when anything
# failed.
set -u
mode=$1
dir=$2
secs=$3
shift 3
top=$(cd "$(dirname "$0")/.." && pwd)
jobs=${FUZZ_JOBS:-1}
failed=0
total_execs=0
# Rows for the reliability table (tests/stress/reliability.sh).
rows=$dir/reliability-rows.md
mkdir -p "$dir"
: > "$rows"

# Per-target options: longest input, dictionary.
opts() {
	case "$1" in
	fuzz_card) echo "-max_len=4096 -dict=$top/fuzz/dict/card.dict" ;;
	fuzz_host) echo "-max_len=16384 -dict=$top/fuzz/dict/host.dict" ;;
	fuzz_profile) echo "-max_len=8192 -dict=$top/fuzz/dict/profile.dict" ;;
	fuzz_ra) echo "-max_len=16384 -dict=$top/fuzz/dict/der.dict" ;;
	*) echo "-max_len=4096" ;;
	esac
}

say() {
	r=$1
	shift
	echo "$r - fuzz $*"
	[ "$r" = ok ] || failed=1
}

for t in "$@"; do
	bin=$dir/bin/$t
	corpus=$top/fuzz/corpus/$t
	regress=$top/fuzz/regress/$t
	work=$dir/work/$t
	crash=$dir/crash/$t
	logs=$dir/logs
	mkdir -p "$work" "$crash" "$logs" "$corpus"
	if [ ! -x "$bin" ]; then
		say "not ok" "$t: $bin is missing"
		continue
	fi
	if [ "$mode" = ci ]; then
		# Every committed input once, at its full length.
		nc=$(find "$corpus" -type f | wc -l)
		nr=0
		set -- "$corpus"
		if [ -d "$regress" ]; then
			nr=$(find "$regress" -type f | wc -l)
			set -- "$corpus" "$regress"
		fi
		# A failing input is kept with the run's, never in the
		# current directory (the source tree, under make test).
		if "$bin" -runs=0 -max_len=1048576 -timeout=60 \
		    -rss_limit_mb=4096 -artifact_prefix="$crash/" "$@" \
		    >"$logs/$t.replay.log" 2>&1; then
			say ok "$t: replay of $nc corpus and $nr regression inputs"
		else
			say "not ok" "$t: replay of $nc corpus and $nr regression" \
			    "inputs failed; see $logs/$t.replay.log"
			grep -E '^(SUMMARY|==[0-9]+==ERROR)|Running: ' \
			    "$logs/$t.replay.log" | tail -n 3 | sed 's/^/#   /'
		fi
	fi
	before=$(find "$crash" -type f | wc -l)
	fork=""
	[ "$jobs" -gt 1 ] && fork="-fork=$jobs"
	# shellcheck disable=SC2046,SC2086
	"$bin" $(opts "$t") -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=4096 -print_final_stats=1 $fork \
	    -artifact_prefix="$crash/" "$work" "$corpus" \
	    >"$logs/$t.run.log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$logs/$t.run.log" | tail -n 1)
	if [ -z "$execs" ]; then
		# -fork: the last status line has the total.
		execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$logs/$t.run.log" |
		    tail -n 1)
	fi
	execs=${execs:-0}
	total_execs=$((total_execs + execs))
	after=$(find "$crash" -type f | wc -l)
	crashes=$((after - before))
	echo "| fuzz $t (libFuzzer, ASan+UBSan, $secs s$( [ "$jobs" -gt 1 ] &&
	    echo " x $jobs jobs"); corpus $(find "$corpus" -type f | wc -l) + found $(find "$work" -type f | wc -l) inputs) | $execs executions | $crashes crashes |" >> "$rows"
	if [ "$status" -eq 0 ] && [ "$crashes" -eq 0 ]; then
		say ok "$t: $execs execs, 0 crashes"
	else
		say "not ok" "$t: $execs execs, $crashes crashes (status $status);" \
		    "inputs in $crash, log $logs/$t.run.log"
		grep -E '^(SUMMARY|==[0-9]+==ERROR)' "$logs/$t.run.log" |
		    tail -n 2 | sed 's/^/#   /'
	fi
done
echo "# fuzz: $total_execs execs in all"
exit $failed
