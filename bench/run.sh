#!/bin/sh
# make bench: the card core's footprint and the card's costs through the
# whole stack, printed and written to BUILD/bench/results.md.
set -eu
build=$(cd "${1:-build}" && pwd)
out="$build/bench/results.md"
mkdir -p "$build/bench"
{
	echo "# uimkey benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
	echo
	echo "## Card core footprint"
	echo
	echo '```'
	echo "code of card/ (text+data+bss, x86-64 -O2, without BearSSL):"
	size -t "$build"/obj/card/*.o | tail -n 1
	echo "card core with the BearSSL code it uses (statically linked):"
	size "$build/bench/footprint-static" | tail -n 1
	"$build/bench/footprint"
	echo '```'
	echo
	echo "## Through pcscd (libuimkey -> pcscd -> vpcd -> uimkey-card)"
	echo
	echo '```'
	"$build/bin/uimkey-env" -- sh -c \
	    "'$build/bench/rtt' -n 5000 && '$build/bench/card_ops' -n 1000 -k 5 -K 3"
	echo '```'
} | tee "$out"
echo "written to $out"
