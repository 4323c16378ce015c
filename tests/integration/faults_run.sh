# SPDX-License-Identifier: BSD-2-Clause
# Sourced by the storage-fault tests (82, 89) after lib.sh:
#   faults_run ARGS...  the card restarted with a fault file, then
#                       build/stress/faults run on card 0 with ARGS;
#                       its exit status in rc (124: out of time).
faults_run() {
	bin="$UIMKEY_BUILD/stress/faults"
	if ! [ -x "$bin" ]; then
		echo "not ok - $bin is missing (the Makefile must include tests/stress/stress.mk)"
		exit 1
	fi
	export UIMKEY_CARD_FAULT_FILE="$UIMKEY_ENV_DIR/card0.fault"
	# The card takes the fault file from its environment: start it again.
	uimkey-env card-stop 0 >/dev/null
	uimkey-env card-start 0 >/dev/null
	check "the card restarted with a fault file" test $? -eq 0
	timeout -k 5 240 "$bin" --reader "$READER0" --card 0 "$@" \
	    --fault-file "$UIMKEY_CARD_FAULT_FILE" \
	    ${UIMKEY_STRESS_SEED:+--seed "$UIMKEY_STRESS_SEED"}
	rc=$?
}
