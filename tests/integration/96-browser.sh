# SPDX-License-Identifier: BSD-2-Clause
# A real browser uses the card for TLS client authentication: headless
# Chromium, through NSS and the module in $HOME/.pki/nssdb, loads a page
# from openssl s_server on 127.0.0.1 that asks for a client certificate,
# and signs with the 9E key (card authentication, PIN policy never).
# NSS lists the certificates of a token with CKF_LOGIN_REQUIRED without a
# PIN only when the token has a CKO_PROFILE object of
# CKP_PUBLIC_CERTIFICATES_TOKEN (the module has one) or its slot is
# flagged PublicCerts in the database (modutil -mechanisms FRIENDLY);
# otherwise it asks for the PIN first, and headless Chromium never
# answers.  Chromium's AutoSelectCertificateForUrls policy picks the
# certificate; it goes into /etc/chromium/policies/managed only in this
# test's private mount namespace.  PyKCS11 checks the profile object.
. "$UIMKEY_TOP/tests/integration/lib.sh"

t0=$(date +%s)
w=$(mktemp -d)
SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
SPY=$(ls /usr/lib/*/pkcs11/pkcs11-spy.so 2>/dev/null | head -n 1)
URL=https://127.0.0.1:4433/
SUBJECT="Subject: CN=uimkey browser 9E"

# The 9E key, generated on the card, certified by the test CA.
test_ca "$w"
so --keypairgen --key-type EC:prime256v1 --id 04 >/dev/null 2>&1
p11tool --read-object --type cert --id 1904 -o "$w/04.att" >/dev/null 2>&1
openssl x509 -inform DER -in "$w/04.att" -noout -pubkey > "$w/04.pem"
certify "$w" "$w/04.pem" "uimkey browser 9E" "$w/04.crt"
openssl x509 -in "$w/04.crt" -outform DER -out "$w/04.crt.der"
run so -w "$w/04.crt.der" --type cert --id 04
check "9E certificate written" test "$rc" -eq 0

# The module's profile object, as any PKCS#11 application sees it
# before login (under SANITIZE=1 too).
cat > "$w/profile.py" <<'PY'
import sys, PyKCS11
CKO_PROFILE, CKA_PROFILE_ID, CKR_ACTION_PROHIBITED = 9, 0x601, 0x1B
lib = PyKCS11.PyKCS11Lib()
lib.load(sys.argv[1])
s = lib.openSession(lib.getSlotList(tokenPresent=True)[0],
                    PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
p = s.findObjects([(PyKCS11.CKA_CLASS, CKO_PROFILE)])
print("profiles", len(p))
v = s.getAttributeValue(p[0], [CKA_PROFILE_ID])[0]
print("profile-id", int.from_bytes(bytes(v), sys.byteorder))
print("token private", s.getAttributeValue(p[0],
      [PyKCS11.CKA_TOKEN, PyKCS11.CKA_PRIVATE]))
print("its CKA_ID", s.getAttributeValue(p[0], [PyKCS11.CKA_ID]))
ids = s.findObjects([(PyKCS11.CKA_ID, (4,))])
print("classes of id 4", sorted(s.getAttributeValue(o, [PyKCS11.CKA_CLASS])[0]
                                for o in ids))
try:
    s.destroyObject(p[0])
    print("destroyed")
except PyKCS11.PyKCS11Error as e:
    print("destroy prohibited", e.value == CKR_ACTION_PROHIBITED)
PY
# PyKCS11 is C++: under ASan its exceptions need libstdc++ loaded first.
run py "$w/profile.py" "$MODULE"
check "one profile object" has "profiles 1"
check "its CKA_PROFILE_ID is CKP_PUBLIC_CERTIFICATES_TOKEN (4)" has "profile-id 4"
check "a public token object" has "token private [True, False]"
check "it has no CKA_ID" has "its CKA_ID [None]"
check "not among the objects of a CKA_ID" has "classes of id 4 [1, 2, 3]"
check "C_DestroyObject on it: CKR_ACTION_PROHIBITED" has "destroy prohibited True"

# The ASan module needs the ASan runtime preloaded, and Chromium with it
# loads no page at all (not even a data: URL).
if [ -n "${UIMKEY_SANITIZE:-}" ]; then
	rm -rf "$w"
	echo "ok - headless Chromium with the card # SKIP Chromium with the ASan runtime preloaded loads no page"
	exit 0
fi

check "Debian's chromium is installed" test -x /usr/bin/chromium
check "OpenSC's pkcs11-spy is installed" test -n "$SPY"

# The server: a certificate for 127.0.0.1 from the same CA; it wants a
# client certificate from that CA (-Verify 1 -verify_return_error).
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$w/srv.ext"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$w/srv.key" -subj "/CN=127.0.0.1" 2>/dev/null |
    openssl x509 -req -CA "$w/ca.crt" -CAkey "$w/ca.key" -days 2 \
    -set_serial 2 -extfile "$w/srv.ext" -out "$w/srv.crt" 2>/dev/null
openssl s_server -accept 127.0.0.1:4433 -cert "$w/srv.crt" \
    -key "$w/srv.key" -CAfile "$w/ca.crt" -Verify 1 -verify_return_error \
    -www > "$w/server.log" 2>&1 &
spid=$!

# nssdb HOME LIBFILE [modutil -add options]: a new NSS database where
# Chromium looks for it, trusting the test CA for servers, with LIBFILE
# (none: no module) added as "uimkey".
nssdb() {
	mkdir -p "$1/.pki/nssdb"
	certutil -N -d "sql:$1/.pki/nssdb" --empty-password
	certutil -A -d "sql:$1/.pki/nssdb" -n "uimkey test CA" -t "C,," \
	    -i "$w/ca.crt"
	[ "$2" = none ] && return 0
	db=$1 lib=$2
	shift 2
	echo | modutil -dbdir "sql:$db/.pki/nssdb" -add uimkey -libfile "$lib" \
	    "$@" -force
}

# browse HOME SECONDS: headless Chromium loads $URL with that NSS
# database; $out is the page, $rc 124 when it was still waiting.
browse() {
	out=$(HOME=$1 timeout -k 5 "$2" chromium --no-sandbox --headless \
	    --disable-gpu --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --disable-quic \
	    --user-data-dir="$1/profile" --dump-dom "$URL" \
	    2> "$1/chromium.log")
	rc=$?
	printf '$ chromium --dump-dom %s (HOME=%s): %s\n%s\n' "$URL" "$1" \
	    "$rc" "$out" | grep -v '^TLSv1\|^SSLv3'
}

# OpenSC's pkcs11-spy logs every call that NSS makes to the module, when
# a database names the spy instead of the module.
export PKCS11SPY="$MODULE"
# calls PATTERN LOG: how many lines of the spy's log match.
calls() { grep -c "$1" "$2"; }

# The module as Firefox's Security Devices dialog adds it: no flags.
run nssdb "$w/a" "$MODULE"
check "modutil -add loads the module" test "$rc" -eq 0
run modutil -dbdir "sql:$w/a/.pki/nssdb" -list uimkey
check "modutil -list: Slot Mechanism Flags: None" has "Slot Mechanism Flags: None"
# certutil asks on the terminal when NSS wants a login to list a token's
# certificates; the module's profile object says they are public.
run certutil -d "sql:$w/a/.pki/nssdb" -L -h all
check "certutil -L -h all: the 9E certificate is a user certificate" \
    has "X.509 Certificate for Card Authentication   u,u,u"
check "certutil -L -h all: no PIN prompt" not has "input terminal"

# The policy, in a copy of /etc/chromium bound over it in this namespace.
etc_before=$(ls -lR --time-style=full-iso /etc/chromium; cat /etc/chromium/* 2>/dev/null | sha256sum)
mkdir -p "$w/etc-chromium"
cp -a /etc/chromium/. "$w/etc-chromium/"
mkdir -p "$w/etc-chromium/policies/managed"
cat > "$w/etc-chromium/policies/managed/uimkey.json" <<'JSON'
{
  "AutoSelectCertificateForUrls": [
    "{\"pattern\":\"https://127.0.0.1:4433\",\"filter\":{\"ISSUER\":{\"CN\":\"uimkey test CA\"}}}"
  ]
}
JSON
run mount --bind "$w/etc-chromium" /etc/chromium
check "policy directory bound over /etc/chromium" test "$rc" -eq 0
run findmnt -n -o PROPAGATION /etc/chromium
check "the bind mount is private to this namespace" has "private"

# The card's certificate, chosen by the policy, signed for by the card.
browse "$w/a" 60
check "Chromium loads the page" test "$rc" -eq 0
check "the page shows the card's certificate" has "$SUBJECT"
check "the server verified it" has "Verify return code: 0 (ok)"

# What NSS asks of the module: the profile, the certificates, one
# signature; the 9E key (PIN policy never) needs no login.
export PKCS11SPY_OUTPUT="$w/b.spy"
nssdb "$w/b" "$SPY" >/dev/null 2>&1
export PKCS11SPY_OUTPUT="$w/b/spy.log"
browse "$w/b" 60
unset PKCS11SPY_OUTPUT
check "through pkcs11-spy too" has "$SUBJECT"
check "spy: the token says CKF_LOGIN_REQUIRED" \
    test "$(calls CKF_LOGIN_REQUIRED "$w/b/spy.log")" -gt 0
check "spy: NSS read the profile object's CKA_PROFILE_ID" \
    test "$(calls CKA_PROFILE_ID "$w/b/spy.log")" -gt 0
check "spy: certificates searched without a login" \
    test "$(calls 'CKA_CLASS *CKO_CERTIFICATE' "$w/b/spy.log")" -gt 0
check "spy: no C_Login for the 9E key" \
    test "$(calls '^[0-9]*: C_Login' "$w/b/spy.log")" -eq 0
check "spy: one C_Sign, the handshake's" \
    test "$(calls '^[0-9]*: C_Sign$' "$w/b/spy.log")" -eq 1

# The slot flag PublicCerts (modutil's FRIENDLY) says the same from the
# NSS side; NSS before 3.48 and other modules need it.
run nssdb "$w/c" "$MODULE" -mechanisms FRIENDLY
check "modutil -add -mechanisms FRIENDLY" test "$rc" -eq 0
run cat "$w/c/.pki/nssdb/pkcs11.txt"
check "pkcs11.txt: the slots' PublicCerts flag" has "slotFlags=PublicCerts"
run modutil -dbdir "sql:$w/c/.pki/nssdb" -list uimkey
check "modutil -list: Slot Mechanism Flags: FRIENDLY" has "Slot Mechanism Flags: FRIENDLY"
browse "$w/c" 60
check "with PublicCerts: the page shows the card's certificate" has "$SUBJECT"

# Negative control: without the module there is no certificate to send
# and the server ends the handshake.
nssdb "$w/d" none
browse "$w/d" 60
check "no module: Chromium gives up" test "$rc" -eq 0
check "no module: no card certificate on the page" not has "$SUBJECT"

run umount /etc/chromium
check "policy directory unmounted" test "$rc" -eq 0
etc_after=$(ls -lR --time-style=full-iso /etc/chromium; cat /etc/chromium/* 2>/dev/null | sha256sum)
check "the machine's /etc/chromium has no policies directory" \
    test ! -e /etc/chromium/policies
check "the machine's /etc/chromium is unchanged" \
    test "$etc_before" = "$etc_after"

kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
run cat "$w/server.log"
check "s_server saw the card's certificate" has "depth=0 CN = uimkey browser 9E"
check "s_server: without the module no certificate came" \
    has "peer did not return a certificate"
rm -rf "$w"
echo "# 96-browser took $(($(date +%s) - t0)) s"
