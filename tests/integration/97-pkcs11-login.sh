# SPDX-License-Identifier: BSD-2-Clause
# uimkey-env: --response-log
# Login, PINs and the PUK path, token flags from the card's counters, the
# APDUs each call costs, re-login after another program's reset, and a
# card pulled out and put back (97-pkcs11-login.py, through PyKCS11).
. "$UIMKEY_TOP/tests/integration/lib.sh"

SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
run so --keypairgen --key-type EC:prime256v1 --id 01
check "EC key in 9A" test "$rc" -eq 0
run so --keypairgen --key-type rsa:2048 --id 02
check "RSA key in 9C (PIN always)" test "$rc" -eq 0
run so --keypairgen --key-type EC:prime256v1 --id 03 --always-auth
check "EC key in 9D made PIN always by CKA_ALWAYS_AUTHENTICATE" \
    has "always authenticate"
# PyKCS11 is C++: under ASan its exceptions need libstdc++ loaded first.
# The checks read the card's answers (what a SELECT or a GENERAL
# AUTHENTICATE answered): the module sends in the clear for them.
(
	UIMKEY_SECURE_MESSAGING=off
	export UIMKEY_SECURE_MESSAGING
	py "$UIMKEY_TOP/tests/integration/97-pkcs11-login.py" "$MODULE" \
	    "$UIMKEY_ENV_DIR/card0.responses" "$READER0"
)
