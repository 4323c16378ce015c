#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make bench: uimkey against its peers and against the physical floor, all
# in one run.  Every measured configuration is its own process;
# the throughput configurations run in BENCH_ROUNDS interleaved rounds
# (default 3) whose samples are pooled, so that a burst of load from
# other programs hits every configuration alike.
#
#   sh bench/run.sh [BUILD]          results: BUILD/bench/results.md,
#                                    BUILD/bench/latency.png, BUILD/bench/lat/
#
# Environment: BENCH_ROUNDS (3), BENCH_SCALE (1: iteration counts
# multiplied by it), BENCH_BOOST (-15: the autogroup nice value given to
# the benchmark's processes when root; 0 leaves them be), BENCH_MODULE
# (another uimkey-pkcs11.so to measure, e.g. a patched one),
# UIMKEY_KDF_ITERATIONS (the PIN-guess cost of the cards' new stores;
# default: uimkey-card's own).
set -eu

bench_dir=$(cd "$(dirname "$0")" && pwd)
OPENSC=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
SOFTHSM=/usr/lib/softhsm/libsofthsm2.so
PIN=123456

# ------------------------------------------------------------------ inner
# Runs inside uimkey-env: two cards, a private pcscd.
if [ "${1:-}" = inner ]; then
	build=$2
	work=$3
	B=$build/bench
	rounds=${BENCH_ROUNDS:-3}
	scale=${BENCH_SCALE:-1}
	raw=$work/raw.txt
	lat=$work/lat
	mkdir -p "$lat"
	M=${BENCH_MODULE:-$build/lib/uimkey-pkcs11.so}
	card0=$(cat "$UIMKEY_ENV_DIR/card0.pid")
	card1=$(cat "$UIMKEY_ENV_DIR/card1.pid")
	pcscd=$(pgrep -x pcscd | head -n 1)
	W="card=$card0,pcscd=$pcscd"
	R0="uimkey PCD 00 00"
	R1="uimkey PCD 00 01"
	n() { echo $(( $1 * scale )); }
	say() { printf '  %s\n' "$*" >&2; }
	# Keep the result lines, show the rest.
	rec() { "$@" | tee -a "$raw" | sed 's/^/    /' >&2; }

	# Our processes are in their own autogroups (uimkey-env starts pcscd
	# and the cards with setsid): weigh them above other programs.
	# Ours may share its autogroup with the caller's session: it gets
	# its old value back at the end.
	boost=${BENCH_BOOST:--15}
	if [ "$boost" != 0 ]; then
		was=$(sed 's/.*nice //' /proc/$$/autogroup 2>/dev/null || echo 0)
		trap 'echo "$was" > /proc/$$/autogroup 2>/dev/null || true' EXIT
		for p in "$card0" "$card1" "$pcscd" $$; do
			echo "$boost" > "/proc/$p/autogroup" 2>/dev/null || true
		done
		echo "@env boost=$(sed 's/.*nice //' /proc/$$/autogroup 2>/dev/null || echo 0)" >> "$raw"
	fi
	echo "@env cpus=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /) rounds=$rounds module=$M kdf_iter=${UIMKEY_KDF_ITERATIONS:-}" >> "$raw"

	say "provisioning: card 0 9A P-256, 9C P-256 (PIN always), 9E RSA-2048; card 1 9A P-256"
	"$B/card_ops" prov -r "$R0"
	"$B/card_ops" prov -1 -r "$R1"
	have_softhsm=0
	if [ -e "$SOFTHSM" ] && command -v softhsm2-util >/dev/null; then
		export SOFTHSM2_CONF="$work/softhsm2.conf"
		mkdir -p "$work/tokens"
		printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
		    "$work/tokens" > "$SOFTHSM2_CONF"
		softhsm2-util --init-token --free --label bench --pin "$PIN" \
		    --so-pin 12345678 >/dev/null
		for spec in "01 EC:prime256v1" "03 EC:secp384r1" "04 rsa:2048"; do
			set -- $spec
			pkcs11-tool --module "$SOFTHSM" --token-label bench \
			    --login --pin "$PIN" --keypairgen --key-type "$2" \
			    --id "$1" >/dev/null 2>&1
		done
		have_softhsm=1
	else
		say "SoftHSM2 not installed (apt-get install softhsm2): skipped"
	fi
	have_opensc=0
	[ -e "$OPENSC" ] && have_opensc=1

	say "same keys: the P-256 public key of 9A through both modules"
	rec "$B/p11bench" pub -m "$M" -s "00 00" -i 01 -a p256 -L uimkey
	[ $have_opensc = 1 ] &&
	    rec "$B/p11bench" pub -m "$OPENSC" -s "00 00" -i 01 -a p256 -L opensc
	[ $have_softhsm = 1 ] &&
	    rec "$B/p11bench" pub -m "$SOFTHSM" -s bench -i 01 -a p256 -L softhsm

	say "APDUs per operation (card 0's counter)"
	rec "$B/p11bench" apdus -m "$M" -s "00 00" -c "$UIMKEY_ENV_DIR/card0.apdus" \
	    -A 01 -C 02 -R 04 -L uimkey
	[ $have_opensc = 1 ] &&
	    rec "$B/p11bench" apdus -m "$OPENSC" -s "00 00" \
	    -c "$UIMKEY_ENV_DIR/card0.apdus" -A 01 -C 02 -R 04 -L opensc

	# label module slot id alg total [suffix]: one round's share of a
	# configuration.
	sign() {
		cnt=
		[ "$1" != softhsm ] && cnt=$UIMKEY_ENV_DIR/card0.apdus
		rec "$B/p11bench" sign -m "$2" -s "$3" -i "$4" -a "$5" \
		    -n $(( $(n "$6") / rounds )) -L "$1" -W "$W" \
		    -o "$lat/$1-$5${7:-}-r$r.txt" ${cnt:+-c "$cnt"}
	}
	floor() {
		rec "$B/floor" rtt -r "$R0" -n $(( $(n 2400) / rounds )) -W "$W"
		rec "$B/floor" core "$UIMKEY_ENV_DIR/card0.store" -a "$1" -s "$2" \
		    -n $(( $(n "$3") / rounds ))
	}
	# alg slot: exact instruction counts of the card core's signature
	# and of the bare BearSSL one (callgrind, 10 each), when valgrind is
	# there.
	instr() {
		command -v valgrind >/dev/null || return 0
		rm -rf "$work/cg"
		mkdir -p "$work/cg"
		valgrind --tool=callgrind --callgrind-out-file="$work/cg/cg.%p" \
		    "$B/floor" core "$UIMKEY_ENV_DIR/card0.store" -a "$1" -s "$2" \
		    -n 10 -w 2 >/dev/null 2>&1 || return 0
		awk -v alg="$1" '
		    /^desc: Trigger: Client Request: / { who = $NF }
		    /^summary: / && who != "" { ir[who] = $2; who = "" }
		    END { printf "@instr alg=%s core=%d bearssl=%d\n", alg,
		        ir["core"] / 10, ir["bearssl"] / 10 }' "$work"/cg/cg.*.* |
		    tee -a "$raw" | sed 's/^/    /' >&2
	}
	# Each phase: its configurations in turn, rounds times.  OpenSC's
	# PIV driver signs only with 9A, 9C and 9E, so 9E holds RSA-2048,
	# then P-384.
	phase() {
		r=1
		while [ $r -le "$rounds" ]; do
			say "$1: round $r of $rounds"
			"$1"
			r=$((r + 1))
		done
	}
	p256() {
		sign uimkey "$M" "00 00" 01 p256 1500
		# The same in the clear: what secure messaging costs.
		rec env UIMKEY_SECURE_MESSAGING=off "$B/p11bench" sign -m "$M" \
		    -s "00 00" -i 01 -a p256 -n $(( $(n 1500) / rounds )) \
		    -L uimkey-clear -W "$W" -o "$lat/uimkey-clear-p256-r$r.txt" \
		    -c "$UIMKEY_ENV_DIR/card0.apdus"
		[ $have_opensc = 1 ] && sign opensc "$OPENSC" "00 00" 01 p256 1500
		[ $have_softhsm = 1 ] && sign softhsm "$SOFTHSM" bench 01 p256 3000
		floor p256 9a 1500
		rec "$B/floor" sign -r "$R0" -s 9a -n $(( $(n 1500) / rounds )) \
		    -W "$W"
		rec "$B/floor" core "$UIMKEY_ENV_DIR/card0.store" -a verify \
		    -n $(( $(n 600) / rounds ))
		rec "$B/card_ops" sign -r "$R0" -s 9a -a p256 \
		    -n $(( $(n 1500) / rounds ))
		rec "$B/card_ops" verify -r "$R0" -n $(( $(n 600) / rounds ))
		sign uimkey "$M" "00 00" 02 p256 300 -always
		[ $have_opensc = 1 ] && sign opensc "$OPENSC" "00 00" 02 p256 300 -always
		return 0
	}
	rsa() {
		for a in rsa-pkcs rsa-pss; do
			sign uimkey "$M" "00 00" 04 $a 300
			[ $have_opensc = 1 ] && sign opensc "$OPENSC" "00 00" 04 $a 300
			[ $have_softhsm = 1 ] && sign softhsm "$SOFTHSM" bench 04 $a 600
		done
		floor rsa2048 9e 300
	}
	p384() {
		sign uimkey "$M" "00 00" 04 p384 450
		[ $have_opensc = 1 ] && sign opensc "$OPENSC" "00 00" 04 p384 450
		[ $have_softhsm = 1 ] && sign softhsm "$SOFTHSM" bench 03 p384 1500
		floor p384 9e 450
	}
	phase p256
	instr p256 9a
	phase rsa
	instr rsa2048 9e
	"$B/card_ops" prov -e p384 -r "$R0"
	phase p384
	instr p384 9e

	say "cold start: a new process, dlopen to the first verified signature"
	pub_u=$(grep '^@pub label=uimkey' "$raw" | sed 's/.*hex=//')
	pub_s=$(grep '^@pub label=softhsm' "$raw" | sed 's/.*hex=//' || true)
	i=1
	while [ $i -le 7 ]; do
		rec "$B/p11bench" cold -m "$M" -s "00 00" -i 01 -a p256 -k "$pub_u" -L uimkey
		[ $have_opensc = 1 ] && rec "$B/p11bench" cold -m "$OPENSC" \
		    -s "00 00" -i 01 -a p256 -k "$pub_u" -L opensc
		[ $have_softhsm = 1 ] && rec "$B/p11bench" cold -m "$SOFTHSM" \
		    -s bench -i 01 -a p256 -k "$pub_s" -L softhsm
		i=$((i + 1))
	done

	scale() {
		# Every signature's latency kept: the median and p99 with
		# 1 to 8 processes, pooled over the rounds.
		for p in 1 2 4 8; do
			rec "$B/p11bench" scale -m "$M" -s "00 00" -i 01 -a p256 \
			    -n $(( $(n 2400) / rounds )) -P $p -L uimkey -W "$W" \
			    -o "$lat/uimkey-p256-scale$p-r$r.txt"
		done
		[ $have_opensc = 1 ] && for p in 1 8; do
			rec "$B/p11bench" scale -m "$OPENSC" -s "00 00" -i 01 \
			    -a p256 -n $(( $(n 1200) / rounds )) -P $p -L opensc -W "$W"
		done
		# Two cards: one process with a thread per card, and (to tell
		# the module from the stack below it) a process per card.
		rec "$B/p11bench" cards -m "$M" -s "00 00" -i 01 -a p256 \
		    -n $(( $(n 1200) / rounds )) -L uimkey -W "$W,card1=$card1"
		rec "$B/p11bench" cards -m "$M" -s "00 00" -s "00 01" -i 01 -a p256 \
		    -n $(( $(n 1200) / rounds )) -L uimkey -W "$W,card1=$card1"
		# 8 threads of one process on one card (they take turns on
		# the card's lock), and on two.
		rec "$B/p11bench" cards -m "$M" -s "00 00" -T 8 -i 01 -a p256 \
		    -n $(( $(n 300) / rounds )) -L uimkey -W "$W"
		rec "$B/p11bench" cards -m "$M" -s "00 00" -s "00 01" -T 8 -i 01 \
		    -a p256 -n $(( $(n 300) / rounds )) -L uimkey \
		    -W "$W,card1=$card1"
		rec "$B/p11bench" scale -m "$M" -s "00 00" -s "00 01" -i 01 \
		    -a p256 -n $(( $(n 2400) / rounds )) -P 2 -L uimkey \
		    -W "$W,card1=$card1"
	}
	phase scale

	say "the file store: one sync, and VERIFY on a file store beside the cards'"
	rec "$B/store_sync" "$UIMKEY_ENV_DIR" -n $(n 300)

	say "key generation on the card (retired slot 95)"
	rec "$B/card_ops" keygen -r "$R0" -k 5 -K 3
	exit 0
fi

# ------------------------------------------------------------------ outer
build=$(cd "${1:-build}" && pwd)
out=$build/bench
work=$(mktemp -d "${TMPDIR:-/tmp}/uimkey-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$out"
raw=$work/raw.txt
: > "$raw"
t0=$(date +%s)

echo "uimkey benchmark: footprint, then everything else inside uimkey-env" >&2
{
	printf '@footprint text_nobearssl=%s\n' \
	    "$(size -t "$build"/obj/card/*/*.o "$build"/obj/codec/*.o | tail -n 1 | awk '{print $4}')"
	printf '@footprint text_bearssl=%s\n' \
	    "$(size "$build/bench/footprint-static" | tail -n 1 | awk '{print $4}')"
	printf '@footprint textonly_nobearssl=%s textonly_bearssl=%s\n' \
	    "$(size -t "$build"/obj/card/*/*.o "$build"/obj/codec/*.o | tail -n 1 | awk '{print $1}')" \
	    "$(size "$build/bench/footprint-static" | tail -n 1 | awk '{print $1}')"
	"$build/bench/footprint" | sed -n \
	    -e 's/^card state (sizeof uimkey_card): \([0-9]*\) bytes$/@footprint sizeof=\1/p' \
	    -e 's/^deepest stack [^:]*: \([0-9]*\) bytes.*$/@footprint stack=\1/p'
} >> "$raw"

# One PIN guess as a holder of the store and its device key runs it: the
# card's PBKDF2, and OpenSSL's (through Python's hashlib) beside it.
kdf_iter=$("$build/bench/kdf" -d)
"$build/bench/kdf" -n 10 >> "$raw"
python3 - "$kdf_iter" >> "$raw" <<'PY'
import hashlib, sys, time
it = int(sys.argv[1])
t = []
for i in range(10):
    t0 = time.perf_counter()
    hashlib.pbkdf2_hmac("sha256", b"12345%d\xff\xff" % i, b"uimkey bench sal", it, 32)
    t.append((time.perf_counter() - t0) * 1000)
t.sort()
print("@kdf impl=openssl iter=%d n=10 med_ms=%.2f min_ms=%.2f" % (it, (t[4] + t[5]) / 2, t[0]))
PY

# The cards get the PIN-guess cost of a new store as uimkey-card gives it
# (uimkey-env's own default is lower, for the tests' speed).
UIMKEY_KDF_ITERATIONS=${UIMKEY_KDF_ITERATIONS:-$kdf_iter} \
    "$build/bin/uimkey-env" --cards 2 -- sh "$bench_dir/run.sh" inner "$build" "$work"

# Pool the rounds' samples of each configuration: median, p99, CDF.
rm -rf "$out/lat"
mkdir -p "$out/lat"
for f in "$work"/lat/*-r1.txt; do
	[ -e "$f" ] || continue
	cfg=$(basename "$f" -r1.txt)
	cat "$work/lat/$cfg"-r*.txt | cut -d' ' -f1 | sort -n > "$work/pool"
	cnt=$(wc -l < "$work/pool")
	awk -v n="$cnt" '{ printf "%s %.5f\n", $1, NR / n }' "$work/pool" \
	    > "$out/lat/$cfg.cdf"
	awk -v n="$cnt" -v cfg="$cfg" '
	    function rank(p) { k = int(p / 100 * n + 0.999999); return k < 1 ? 1 : k }
	    { v[NR] = $1 }
	    END { printf "@pool cfg=%s n=%d med=%s p99=%s\n", cfg, n, v[rank(50)], v[rank(99)] }' \
	    "$work/pool" >> "$raw"
done
for who in uimkey opensc softhsm; do
	grep "^@cold label=$who " "$raw" | sed 's/.* first_ms=\([0-9.]*\).*/\1/' |
	    sort -n > "$work/pool"
	cnt=$(wc -l < "$work/pool")
	[ "$cnt" -gt 0 ] && awk -v n="$cnt" '{ printf "%s %.5f\n", $1, NR / n }' \
	    "$work/pool" > "$out/lat/cold-$who.cdf"
done
echo "@env seconds=$(( $(date +%s) - t0 ))" >> "$raw"
cp "$raw" "$out/raw.txt"

rm -f "$out/latency.png"
: > "$work/floor.gp"
awk -f "$bench_dir/report.awk" -v date="$(date -u +%Y-%m-%dT%H:%MZ)" \
    -v host="$(uname -r)" -v plot=latency.png -v gp="$work/floor.gp" \
    "$raw" > "$out/results.md"
if command -v gnuplot >/dev/null; then
	gnuplot -e "dir='$out'" "$work/floor.gp" "$bench_dir/latency.gp" \
	    2>"$work/gnuplot.err" ||
	    { echo "gnuplot failed:" >&2; cat "$work/gnuplot.err" >&2; }
else
	echo "gnuplot not installed (apt-get install gnuplot-nox): no plot" >&2
fi
cat "$out/results.md"
echo
echo "written to $out/results.md and $out/latency.png ($(( $(date +%s) - t0 )) s)"
