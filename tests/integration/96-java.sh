# SPDX-License-Identifier: BSD-2-Clause
# Java's SunPKCS11 with uimkey-pkcs11.so: keytool lists the 9A key with its
# own certificate (not the key's attestation certificate), jarsigner signs
# a jar with it, and a program signs and verifies SHA256withECDSA through
# SunPKCS11 (the verification makes the public key a session object).
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
SUBJECT="CN=uimkey java 9A"

# Under ASan the runtime goes first into the JVM that loads the module.
# The JVM handles SIGSEGV itself (its null checks and stack guards), so
# ASan must leave that signal alone.
jvm() {
	LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0:handle_segv=0 "$@"
}

# A P-256 key generated on the card in 9A (so it also has an attestation
# certificate) and a certificate for it from the test CA.
test_ca "$w"
run so --keypairgen --key-type EC:prime256v1 --id 01
check "P-256 key generated in 9A" test "$rc" -eq 0
# The public key from the key's attestation certificate (CKA_ID 19 01).
p11tool --read-object --type cert --id 1901 -o "$w/att.der" >/dev/null 2>&1
openssl x509 -inform DER -in "$w/att.der" -noout -pubkey > "$w/9a.pem"
certify "$w" "$w/9a.pem" "uimkey java 9A" "$w/9a.crt"
openssl x509 -in "$w/9a.crt" -outform DER -out "$w/9a.der"
run so -w "$w/9a.der" --type cert --id 01
check "a certificate from the test CA written to 9A" test "$rc" -eq 0

umask 077
printf '123456\n' > "$w/pin"
printf 'storepass\n' > "$w/trustpass"
umask 022
cat > "$w/uimkey.cfg" <<CFG
name = uimkey
library = $MODULE
CFG
p11() {
	jvm "$@" -keystore NONE -storetype PKCS11 -addprovider SunPKCS11 \
	    -providerArg "$w/uimkey.cfg" -storepass:file "$w/pin"
}

# keytool: the 9A entry is a private key with the 9A certificate.
run p11 keytool -list -v
check "keytool -list with SunPKCS11 and the PIN from a file" test "$rc" -eq 0
# The alias of the private key entry whose certificate is the 9A one.
alias=$(printf '%s\n' "$out" | awk -v subject="Owner: $SUBJECT" '
    /^Alias name: / { a = substr($0, 13); e = "" }
    /^Entry type: / { e = $3 }
    $0 == subject && e == "PrivateKeyEntry" { print a; exit }')
echo "# 9A alias: '$alias'"
check "keytool lists a PrivateKeyEntry owned by $SUBJECT" test -n "$alias"
check "keytool names no entry after the attestation certificate" \
    not has "Alias name: X.509 Certificate for PIV Attestation 9a"
check "keytool shows no key entry with the attestation certificate" \
    not has "Owner: CN=uimkey PIV Attestation 9a"

# jarsigner: sign with that entry, verify against the test CA.
printf 'Main-Class: Hello\n' > "$w/manifest"
printf 'hello from the card\n' > "$w/hello.txt"
(cd "$w" && jar cfm app.jar manifest hello.txt)
# Without it, any key entry: then the verification below shows which
# certificate signed.
[ -n "$alias" ] || alias=$(printf '%s\n' "$out" | awk '
    /^Alias name: / { a = substr($0, 13) }
    /^Entry type: PrivateKeyEntry/ { print a; exit }')
run p11 jarsigner -signedjar "$w/signed.jar" "$w/app.jar" "$alias"
check "jarsigner signs the jar with the card's 9A key" test "$rc" -eq 0
# -strict wants the signer's certificate in the verifying keystore, beside
# the CA: the 9A certificate as issued, not as read back from the card.
for c in ca 9a; do
	keytool -importcert -noprompt -alias $c -file "$w/$c.crt" \
	    -keystore "$w/trust.p12" -storetype PKCS12 \
	    -storepass:file "$w/trustpass" >/dev/null 2>&1
done
run jarsigner -verify -strict -verbose -certs -keystore "$w/trust.p12" \
    -storetype PKCS12 -storepass:file "$w/trustpass" "$w/signed.jar"
check "jarsigner -verify -strict accepts the signed jar" test "$rc" -eq 0
check "jarsigner -verify says the jar is verified" has "jar verified."
check "the signer is the 9A certificate's subject" has "Signed by \"$SUBJECT\""
check "the signer is not the attestation certificate" \
    not has "PIV Attestation"

# SunPKCS11 in code: sign with the card; verify through SunPKCS11 (the
# module, with a session object) and through Java's own provider.
run jvm java "$UIMKEY_TOP/tests/integration/java/CardSign.java" \
    "$w/uimkey.cfg" "$w/pin" "$SUBJECT"
check "the Java program's checks all hold (exit 0)" test "$rc" -eq 0
check "the Java program signed through SunPKCS11" has "# signed by SunPKCS11-uimkey"
rm -rf "$w"
