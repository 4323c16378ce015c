#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make demo: the life of a UIM after ITU-T X.1122 — factory, first use,
# daily use with real programs, loss, recovery — on one virtual uimkey card
# behind a private PC/SC stack (uimkey-env).  The eight steps are the
# functions of tools/demo/steps.sh (tests/integration/93-demo.sh runs the
# same ones); each is announced in one line, every claim it makes is
# checked, and the demo stops loudly at the first one that does not hold.
# A summary table and the runtime end it; nothing is left running.
#   tools/demo.sh BUILD_DIR
#   DEMO_KEEP=1 tools/demo.sh BUILD_DIR   keeps the work directory
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
export PATH="$build/bin:$PATH" UIMKEY_TOP="$top" UIMKEY_BUILD="$build"

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# ------------------------------------------------------------ inside the stack
if [ "${UIMKEY_DEMO_INSIDE:-}" = 1 ]; then
	. "$top/tools/demo/steps.sh"
	trap 'demo_cleanup' EXIT
	trap 'exit 130' INT TERM HUP
	demo_init || exit 1
	# The outer part checks afterwards that nothing of this namespace lives.
	readlink /proc/self/ns/pid > "$DEMO_OUTER/pidns"
	failed=0
	i=1
	while [ "$i" -le "$DEMO_STEPS" ]; do
		title=$(demo_title "$i")
		if [ "$failed" -ne 0 ]; then
			printf '%s|%s|not run|-\n' "$i" "$title" >> "$DEMO_OUTER/results"
			i=$((i + 1))
			continue
		fi
		printf '\n== [%d/%d] %s\n' "$i" "$DEMO_STEPS" "$title"
		t0=$(now)
		if "demo_step_$i"; then result=ok; else result=FAILED; failed=$i; fi
		printf '%s|%s|%s|%s\n' "$i" "$title" "$result" "$(secs "$t0" "$(now)")" \
		    >> "$DEMO_OUTER/results"
		i=$((i + 1))
	done
	printf '\n== afterwards\n'
	demo_stop_server
	demo_stop_ssh
	post=ok
	demo_check_argv || post=FAILED
	demo_check_gone || post=FAILED
	printf '%s|%s|%s|-\n' "-" "no secret on a command line; no server or agent left" "$post" \
	    >> "$DEMO_OUTER/results"
	cp "$DEMO_DIR/demo.log" "$DEMO_OUTER/demo.log"
	[ "${DEMO_KEEP:-}" != 1 ] || echo "   the work directory is kept: $DEMO_DIR"
	[ "$failed" = 0 ] && [ "$post" = ok ]
	exit
fi

# ------------------------------------------------------------ outside
DEMO_OUTER=$(mktemp -d "${TMPDIR:-/tmp}/uimkey-demo-run.XXXXXX") || exit 1
export DEMO_OUTER
printf '== uimkey demo: the life of a UIM after ITU-T X.1122 (section numbers below), with real programs\n'
printf '== a private pcscd, vpcd and one uimkey card (uimkey-env), nothing of the machine touched\n'
start=$(now)
UIMKEY_DEMO_INSIDE=1 uimkey-env --cards 1 -- sh "$0" "$build"
status=$?
end=$(now)

# Every process of the demo lived in uimkey-env's pid namespace: none may
# be left (the kernel ends them with the namespace; this proves it).
left=""
if [ -s "$DEMO_OUTER/pidns" ]; then
	ns=$(cat "$DEMO_OUTER/pidns")
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] || continue
		left="$left $(cat "$p/comm" 2>/dev/null)(${p#/proc/})"
	done
fi

printf '\n== summary\n'
printf ' %-2s %-60s %-8s %6s\n' "#" "step" "result" "time"
if [ -s "$DEMO_OUTER/results" ]; then
	while IFS='|' read -r n title result t; do
		[ "$t" = - ] || t="$t s"
		printf ' %-2s %-60s %-8s %6s\n' "$n" "$title" "$result" "$t"
	done < "$DEMO_OUTER/results"
fi
printf '    %-60s %6s\n' "total, with starting and stopping the private PC/SC stack" \
    "$(secs "$start" "$end") s"
if [ -n "$left" ]; then
	echo "DEMO FAILED: processes left running:$left" >&2
	status=1
else
	echo "   nothing left running: pcscd, the card, s_server, sshd and ssh-agent are gone"
fi
if [ "$status" -ne 0 ]; then
	if [ -s "$DEMO_OUTER/results" ] && grep -q '|FAILED|' "$DEMO_OUTER/results"; then
		echo "DEMO FAILED at step $(grep '|FAILED|' "$DEMO_OUTER/results" | head -n 1 |
		    cut -d'|' -f1,2 | sed 's/|/: /')" >&2
	else
		echo "DEMO FAILED (status $status)" >&2
	fi
	[ -s "$DEMO_OUTER/demo.log" ] && echo "every command and its output: $DEMO_OUTER/demo.log" >&2
	exit 1
fi
rm -rf "$DEMO_OUTER"
echo "== all steps passed"
