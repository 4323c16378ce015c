# SPDX-License-Identifier: BSD-2-Clause
# test_p11_sobj next to a card: session objects' templates, changes,
# lifetimes and limits (an EC key in 9A and an RSA key in 9D made here).
. "$UIMKEY_TOP/tests/integration/lib.sh"

SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
run so --keypairgen --key-type EC:prime256v1 --id 01
check "EC P-256 key in 9A" test "$rc" -eq 0
run so --keypairgen --key-type rsa:2048 --id 03
check "RSA 2048 key in 9D" test "$rc" -eq 0
LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    "$UIMKEY_BUILD/tests/test_p11_sobj" "$MODULE"
