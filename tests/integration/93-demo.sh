# SPDX-License-Identifier: BSD-2-Clause
# The demo as a test: the eight steps of `make demo` (tools/demo/steps.sh,
# the same functions tools/demo.sh runs) in order, on this environment's
# card.  Every claim a step makes is an "ok - [N] ..." line, every step an
# "ok - step N: ..." line; a failed step stops the story (the later steps
# are "not ok ... not run").  Afterwards: no secret was on a command line
# and no server or agent is left running.
. "$UIMKEY_TOP/tests/integration/lib.sh"
. "$UIMKEY_TOP/tools/demo/steps.sh"

DEMO_TAP=1
trap 'demo_cleanup' EXIT
demo_init

# step N: one step; remembers the first that failed.
first_failed=
step() {
	"demo_step_$1" || { first_failed=$1; return 1; }
}
n=1
while [ "$n" -le "$DEMO_STEPS" ]; do
	if [ -n "$first_failed" ]; then
		echo "not ok - step $n: $(demo_title "$n") (not run: step $first_failed failed)"
	else
		check "step $n: $(demo_title "$n")" step "$n"
	fi
	n=$((n + 1))
done
demo_stop_server
demo_stop_ssh
check "afterwards: no secret on a command line" demo_check_argv
check "afterwards: nothing left running" demo_check_gone
# The demo's commands and outputs, for a failed run's log.
[ -z "$first_failed" ] || sed 's/^/# /' "$DEMO_DIR/demo.log" | tail -n 80
