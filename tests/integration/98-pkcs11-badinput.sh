# SPDX-License-Identifier: BSD-2-Clause
# The bad-input table of test_p11_badinput, next to a card: NULL
# pointers, invalid handles, wrong session states, short buffers and
# invalid templates give the CKR codes of PKCS#11 v2.40.
. "$UIMKEY_TOP/tests/integration/lib.sh"

LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    "$UIMKEY_BUILD/tests/test_p11_badinput" "$MODULE"
