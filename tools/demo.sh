#!/bin/sh
# make demo: a private PC/SC stack with one uimkey card, seen by the
# programs people already use.  Each step is announced and checked.
#   tools/demo.sh BUILD_DIR
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
export PATH="$build/bin:$PATH" UIMKEY_TOP="$top" UIMKEY_BUILD="$build"
start=$(date +%s.%N)

if [ "${UIMKEY_DEMO_INSIDE:-}" != 1 ]; then
	echo "== starting a private pcscd, vpcd and one uimkey card (uimkey-env)"
	UIMKEY_DEMO_INSIDE=1 uimkey-env --cards 1 -- sh "$0" "$build"
	end=$(date +%s.%N)
	echo "== stack torn down; demo took $(awk "BEGIN { printf \"%.1f\", $end - $start }") s"
	left=$(pgrep -a 'pcscd|uimkey-card' | grep -v "^$$ " || true)
	[ -z "$left" ] || { echo "processes left behind: $left"; exit 1; }
	exit 0
fi

module="$build/lib/uimkey-pkcs11.so"
step() { printf '\n== %s\n' "$*"; }
fail() { echo "DEMO FAILED: $*" >&2; exit 1; }

step "pcsc_scan: the reader and the card, as PC/SC sees them"
out=$(timeout 10 pcsc_scan -t 1 2>&1) || true
printf '%s\n' "$out" | sed -n '/Reader 0/,/ATR:/p' | head -n 12
printf '%s' "$out" | grep -q "3B 86 81 31 FE 15 75 69 6D 6B 65 79" ||
    fail "pcsc_scan does not show the uimkey ATR"

step "uimkey list: the card through libuimkey"
uimkey list || fail "uimkey list failed"

step "pkcs11-tool -L: the token through uimkey-pkcs11.so"
out=$(pkcs11-tool --module "$module" -L 2>&1) || fail "pkcs11-tool -L failed: $out"
printf '%s\n' "$out"
printf '%s' "$out" | grep -q "uimkey #" || fail "no uimkey token listed"

step "all steps passed"
