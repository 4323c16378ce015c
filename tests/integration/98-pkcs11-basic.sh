# SPDX-License-Identifier: BSD-2-Clause
# test_p11_basic next to a card: its token checks (token info, sessions,
# the login's PIN rules) run only where a token is present.
. "$UIMKEY_TOP/tests/integration/lib.sh"

LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    "$UIMKEY_BUILD/tests/test_p11_basic" "$MODULE"
