#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Make the seed corpora: fuzz/seeds.sh FUZZ_DIR
#   1. gen_seeds: scenarios run on the real card (fuzz/gen_seeds.c);
#   2. the unit tests' card sessions (fuzz/rec_card.c), for fuzz_card;
#   3. merged into fuzz/corpus/TARGET by libFuzzer (-merge=1): only the
#      inputs that add coverage are kept.
set -eu
dir=$1
top=$(cd "$(dirname "$0")/.." && pwd)
seeds=$dir/seeds
rm -rf "$seeds"
mkdir -p "$seeds/fuzz_card"
"$dir/bin/gen_seeds" "$seeds"
for t in "$dir"/rec-bin/test_*; do
	FUZZ_REC_DIR=$seeds/fuzz_card timeout 600 "$t" >/dev/null 2>&1 ||
	    echo "seeds: $(basename "$t") failed (its sessions so far are kept)"
done
for t in fuzz_card fuzz_host fuzz_profile fuzz_ra fuzz_p11_template \
    fuzz_upgrade; do
	mkdir -p "$top/fuzz/corpus/$t" "$seeds/$t"
	before=$(ls "$top/fuzz/corpus/$t" | wc -l)
	"$dir/bin/$t" -merge=1 -max_len=1048576 -timeout=30 \
	    "$top/fuzz/corpus/$t" "$seeds/$t" >"$dir/seeds/$t.merge.log" 2>&1 ||
	    { echo "seeds: merge of $t failed: $dir/seeds/$t.merge.log"; exit 1; }
	after=$(ls "$top/fuzz/corpus/$t" | wc -l)
	echo "seeds: $t: $before -> $after inputs in fuzz/corpus/$t"
done
