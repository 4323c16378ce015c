# SPDX-License-Identifier: BSD-2-Clause
# Session objects (C_CreateObject with CKA_TOKEN false) in read-only
# sessions, through PyKCS11: 97-pkcs11-session-objects.py.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
run so --keypairgen --key-type EC:prime256v1 --id 01
check "EC P-256 key in 9A" test "$rc" -eq 0
run so --keypairgen --key-type rsa:2048 --id 03
check "RSA 2048 key in 9D" test "$rc" -eq 0
test_ca "$w"
openssl x509 -in "$w/ca.crt" -outform DER -out "$w/ca.der"
# PyKCS11 is C++: under ASan its exceptions need libstdc++ loaded first.
py "$UIMKEY_TOP/tests/integration/97-pkcs11-session-objects.py" "$MODULE" \
    "$w/ca.der" "$READER0"
rc=$?
rm -rf "$w"
exit $rc
