#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Line coverage of card/ and codec/ reached by the fuzz corpora (make fuzz-cov).
#   fuzz/cov.sh COV_BUILD WORK PROFDATA COV [DIR...]
# COV_BUILD holds the targets built with coverage; each replays its
# committed corpus, its regression inputs and what runs found (WORK/TARGET)
# once (-runs=0); DIRs are more fuzz_card inputs.  Prints llvm-cov's
# report of card/*/*.c and codec/*.c for all corpora, then the totals of fuzz_card alone
# and of all.
set -u
dir=$(cd "$1" && pwd) work=$2 profdata=$3 cov=$4
shift 4
case $work in /*) ;; *) work=$PWD/$work ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
data=$dir/data
rm -rf "$data"
mkdir -p "$data"
objects=""
for t in fuzz_card fuzz_host fuzz_profile fuzz_ra fuzz_p11_template \
    fuzz_upgrade; do
	inputs="$top/fuzz/corpus/$t"
	[ -d "$top/fuzz/regress/$t" ] && inputs="$inputs $top/fuzz/regress/$t"
	[ -d "$work/$t" ] && inputs="$inputs $work/$t"
	[ "$t" = fuzz_card ] && inputs="$inputs $*"
	# The profile parser's inputs name files; it runs in a scratch dir.
	mkdir -p "$dir/run/$t"
	# shellcheck disable=SC2086
	(cd "$dir/run/$t" && LLVM_PROFILE_FILE="$data/$t.profraw" \
	    "$dir/bin/$t" -runs=0 -max_len=1048576 $inputs \
	    > "$dir/$t.replay.log" 2>&1) || {
		echo "fuzz-cov: $t failed on its corpus; see $dir/$t.replay.log"
		exit 1
	}
	[ "$t" = fuzz_card ] || objects="$objects -object $dir/bin/$t"
done
"$profdata" merge -sparse -o "$data/card.profdata" "$data/fuzz_card.profraw"
"$profdata" merge -sparse -o "$data/all.profdata" "$data"/*.profraw
# shellcheck disable=SC2086
"$cov" report "$dir/bin/fuzz_card" $objects \
    -instr-profile="$data/all.profdata" "$top"/card/*/*.c "$top"/codec/*.c
printf 'card/ and codec/ lines reached by fuzz_card'"'"'s corpus: '
"$cov" report "$dir/bin/fuzz_card" -instr-profile="$data/card.profdata" \
    "$top"/card/*/*.c "$top"/codec/*.c | awk '$1 == "TOTAL" { print $10 " of " $8 " lines" }'
printf 'card/ and codec/ lines reached by all corpora: '
# shellcheck disable=SC2086
"$cov" report "$dir/bin/fuzz_card" $objects \
    -instr-profile="$data/all.profdata" "$top"/card/*/*.c "$top"/codec/*.c |
    awk '$1 == "TOTAL" { print $10 " of " $8 " lines" }'
