#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The long run: the reliability table with thousands of
# kill-restart cycles, 1000 signatures per concurrent signer, 50 card
# kills under PKCS#11 sessions and three storage-fault sweeps.
#   tests/stress/soak.sh BUILD_DIR         (make soak)
# Sizes: SOAK_KILLS (per card; 2 cards, default 1500), SOAK_SECONDS
# (time budget of the kills, default 1500), SOAK_SIGS (1000),
# SOAK_REMOVALS (50), SOAK_FAULT_RUNS (3), SOAK_FUZZ_SECONDS (300 per
# fuzz target).  About an hour.
export UIMKEY_KILLS="${SOAK_KILLS:-1500}"
export UIMKEY_KILL_SECONDS="${SOAK_SECONDS:-1500}"
export UIMKEY_CONC_SIGS="${SOAK_SIGS:-1000}"
export UIMKEY_REMOVALS="${SOAK_REMOVALS:-50}"
export UIMKEY_FAULT_RUNS="${SOAK_FAULT_RUNS:-3}"
export UIMKEY_FUZZ_SECONDS="${SOAK_FUZZ_SECONDS:-300}"
export UIMKEY_TEST_TIMEOUT=$((UIMKEY_KILL_SECONDS + 600))
exec sh "$(dirname "$0")/reliability.sh" "$@"
