# SPDX-License-Identifier: BSD-2-Clause
# The applications people use with a PIV card, through uimkey-pkcs11.so:
# GnuTLS's p11tool, OpenSSL with the libp11 engine (signatures, a
# self-signed certificate, mutual TLS on loopback), OpenSSH (ssh-keygen -D,
# ssh-agent, ssh-keygen -Y sign, a login to a private sshd), NSS (modutil,
# certutil) and Python (PyKCS11).
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
gnutls() {
	LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
	    GNUTLS_PIN=123456 /usr/bin/p11tool --provider "$MODULE" "$@"
}
with_asan() { LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 "$@"; }
# PyKCS11 is C++: under ASan its exceptions need libstdc++ loaded first.

# Keys: EC P-256 in 9A, RSA 2048 in 9C (PIN always), certified by a CA;
# RSA 2048 in 9D for encryption.
test_ca "$w"
so --keypairgen --key-type EC:prime256v1 --id 01 >/dev/null 2>&1
so --keypairgen --key-type rsa:2048 --id 02 >/dev/null 2>&1
so --keypairgen --key-type rsa:2048 --id 03 >/dev/null 2>&1
for id in 01 02; do
	# The public key from the key's attestation certificate, CKA_ID 19 ID
	# (pkcs11-tool 0.23 frees too early when it exports an EC public key).
	p11tool --read-object --type cert --id 19$id -o "$w/$id.att" >/dev/null 2>&1
	openssl x509 -inform DER -in "$w/$id.att" -noout -pubkey > "$w/$id.pem"
	certify "$w" "$w/$id.pem" "uimkey app $id" "$w/$id.crt"
	openssl x509 -in "$w/$id.crt" -outform DER -out "$w/$id.crt.der"
	run so -w "$w/$id.crt.der" --type cert --id $id
	check "certificate $id written" test "$rc" -eq 0
done
head -c 2000 /dev/urandom > "$w/data"

# GnuTLS.
run gnutls --list-all
check "p11tool --list-all lists the certificate" has "X.509 Certificate for PIV Authentication"
check "p11tool --list-all lists the public key" has "Public key for Digital Signature"
run gnutls --list-all --login
check "p11tool --login --list-all lists private keys" has "Private key for PIV Authentication"
run gnutls --login --test-sign "pkcs11:id=%01;type=private"
check "p11tool --test-sign with the EC key" has "Verifying against public key in the token... ok"
check "p11tool --test-sign EC verifies" not has "failed"
run gnutls --login --test-sign "pkcs11:id=%02;type=private"
check "p11tool --test-sign with the always-authenticate RSA key" test "$rc" -eq 0
check "p11tool --test-sign RSA verifies" not has "failed"

# OpenSSL with libp11's engine.
cat > "$w/openssl.cnf" <<CNF
openssl_conf = openssl_init
[openssl_init]
engines = engine_section
[engine_section]
pkcs11 = pkcs11_section
[pkcs11_section]
engine_id = pkcs11
MODULE_PATH = $MODULE
init = 0
CNF
ossl() { OPENSSL_CONF="$w/openssl.cnf" with_asan openssl "$@"; }
key1="pkcs11:id=%01;type=private;pin-value=123456"
run ossl dgst -sha256 -engine pkcs11 -keyform engine -sign "$key1" \
    -out "$w/sig" "$w/data"
run openssl dgst -sha256 -verify "$w/01.pem" -signature "$w/sig" "$w/data"
check "openssl dgst -sign with a pkcs11: URI (EC), verified" has "Verified OK"
# libp11 asks for the PIN again on its UI, a terminal: script(1) gives one.
(sleep 2; printf '123456\n') | script -qec "OPENSSL_CONF='$w/openssl.cnf' \
    LD_PRELOAD='$UIMKEY_PRELOAD' ASAN_OPTIONS=detect_leaks=0 openssl dgst \
    -sha256 -engine pkcs11 -keyform engine \
    -sign 'pkcs11:id=%02;type=private;pin-value=123456' -out '$w/sig' \
    '$w/data'" /dev/null >/dev/null 2>&1
run openssl dgst -sha256 -verify "$w/02.pem" -signature "$w/sig" "$w/data"
check "openssl dgst -sign with the 9C key (context login by libp11)" has "Verified OK"
run ossl req -new -x509 -engine pkcs11 -keyform engine -key "$key1" \
    -subj "/CN=uimkey self-signed" -days 2 -out "$w/self.crt"
run openssl verify -CAfile "$w/self.crt" "$w/self.crt"
check "openssl req -new -x509 with the card's key" has "OK"

# Mutual TLS on loopback: the client's key is on the card.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$w/srv.key" -out "$w/srv.crt" -subj "/CN=localhost" -days 2 2>/dev/null
openssl s_server -accept 127.0.0.1:4433 -cert "$w/srv.crt" -key "$w/srv.key" \
    -CAfile "$w/ca.crt" -Verify 1 -verify_return_error -naccept 1 -www \
    > "$w/server.log" 2>&1 &
spid=$!
sleep 1
# -www answers with the session, including the client's certificate.
run sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | OPENSSL_CONF='$w/openssl.cnf' \
    LD_PRELOAD='$UIMKEY_PRELOAD' ASAN_OPTIONS=detect_leaks=0 \
    openssl s_client -connect 127.0.0.1:4433 -engine pkcs11 -keyform engine \
    -key '$key1' -cert '$w/01.crt' -CAfile '$w/srv.crt' -ign_eof 2>&1"
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
check "mutual TLS: the handshake verifies" has "Verify return code: 0 (ok)"
check "mutual TLS: the server saw the card's certificate" \
    has "Subject: CN=uimkey app 01"

# OpenSSH.
run with_asan ssh-keygen -D "$MODULE"
check "ssh-keygen -D lists the EC key" has "ecdsa-sha2-nistp256"
check "ssh-keygen -D lists the RSA key" has "ssh-rsa"
# ssh-agent starts its PKCS#11 helper without LD_PRELOAD: under ASan the
# instrumented module cannot load there.
if [ -n "${UIMKEY_SANITIZE:-}" ]; then
	echo "ok - ssh-agent, ssh-keygen -Y, sshd # SKIP ssh-agent's helper drops the ASan runtime"
else
	printf '#!/bin/sh\necho 123456\n' > "$w/askpass"
	chmod +x "$w/askpass"
	# ssh-agent loads only allowed providers (-P).
	eval "$(ssh-agent -s -P "$UIMKEY_BUILD/lib/*")" >/dev/null
	run env SSH_ASKPASS="$w/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=:0 \
	    LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
	    ssh-add -s "$MODULE"
	check "ssh-add -s adds the card's keys to ssh-agent" test "$rc" -eq 0
	run ssh-add -L
	check "ssh-agent holds the EC key" has "ecdsa-sha2-nistp256"
	echo "$out" | grep ecdsa-sha2 | head -n 1 > "$w/id.pub"
	run ssh-keygen -Y sign -f "$w/id.pub" -n file "$w/data"
	check "ssh-keygen -Y sign through ssh-agent" test -s "$w/data.sig"
	printf 'card@uimkey %s\n' "$(cat "$w/id.pub")" > "$w/allowed"
	run sh -c "ssh-keygen -Y verify -f '$w/allowed' -I card@uimkey -n file -s '$w/data.sig' < '$w/data'"
	check "ssh-keygen -Y verify accepts the signature" has "Good"

	# A login to a private sshd on loopback with the card's key (via the agent).
	mkdir -p "$w/sshd" /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$w/sshd/host" >/dev/null
	cp "$w/id.pub" "$w/sshd/authorized_keys"
	chmod 600 "$w/sshd/authorized_keys"
	cat > "$w/sshd/config" <<-CFG
	Port 2222
	ListenAddress 127.0.0.1
	HostKey $w/sshd/host
	AuthorizedKeysFile $w/sshd/authorized_keys
	PermitRootLogin prohibit-password
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	StrictModes no
	UsePAM no
	PidFile $w/sshd/pid
	CFG
	/usr/sbin/sshd -f "$w/sshd/config" -E "$w/sshd/log"
	sleep 1
	run ssh -p 2222 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	    -o BatchMode=yes -o IdentitiesOnly=no -o PubkeyAuthentication=yes \
	    "$(id -un)@127.0.0.1" echo logged-in-with-the-card
	check "ssh login to a private sshd with the card's key" has "logged-in-with-the-card"
	[ -f "$w/sshd/pid" ] && kill "$(cat "$w/sshd/pid")" 2>/dev/null
	ssh-agent -k >/dev/null 2>&1

fi

# NSS.
mkdir "$w/nss"
certutil -N -d "sql:$w/nss" --empty-password
run sh -c "echo | LD_PRELOAD='$UIMKEY_PRELOAD' modutil -dbdir 'sql:$w/nss' -add uimkey -libfile '$MODULE' -force"
check "modutil -add loads the module into an NSS database" test "$rc" -eq 0
run with_asan modutil -dbdir "sql:$w/nss" -list uimkey
check "modutil -list shows the token" has "uimkey #"
run with_asan certutil -d "sql:$w/nss" -L -h all
check "certutil -L -h all lists the 9A certificate" has "X.509 Certificate for PIV Authentication"
check "certutil -L -h all lists the attestation certificate" has "PIV Attestation"

# Python (PyKCS11): sign, verify with the card's public key, encrypt.
cat > "$w/p11.py" <<'PY'
import sys, PyKCS11
from PyKCS11 import Mechanism, CKM_SHA256_RSA_PKCS, CKM_ECDSA_SHA256
lib = PyKCS11.PyKCS11Lib()
lib.load(sys.argv[1])
slot = lib.getSlotList(tokenPresent=True)[0]
s = lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
s.login("123456")
data = open(sys.argv[2], "rb").read()
# One certificate per key id: the slot's own; the attestation has {25, 1}.
certs = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
                       (PyKCS11.CKA_ID, (1,))])
print("certs-of-id-1", len(certs),
      s.getAttributeValue(certs[0], [PyKCS11.CKA_LABEL])[0] if certs else "")
# An attestation shows while its slot has no certificate (9D, key id 3),
# never beside the slot's own (9A): one certificate per public key.
for kid in (1, 3):
    att = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
                         (PyKCS11.CKA_ID, (0x19, kid))])
    print("attestation-of-id-%d" % kid, len(att),
          s.getAttributeValue(att[0], [PyKCS11.CKA_LABEL])[0] if att else "")
priv = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                      (PyKCS11.CKA_ID, (1,))])[0]
pub = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
                     (PyKCS11.CKA_ID, (1,))])[0]
sig = bytes(s.sign(priv, data, Mechanism(CKM_ECDSA_SHA256)))
print("ecdsa-sig-len", len(sig))
print("verified", s.verify(pub, data, sig, Mechanism(CKM_ECDSA_SHA256)))
open(sys.argv[3], "wb").write(sig)
rsapub = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
                        (PyKCS11.CKA_ID, (3,))])[0]
rsapriv = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                         (PyKCS11.CKA_ID, (3,))])[0]
enc = bytes(s.encrypt(rsapub, b"secret message", Mechanism(PyKCS11.CKM_RSA_PKCS)))
print("rsa-enc-len", len(enc))
dec = bytes(s.decrypt(rsapriv, enc, Mechanism(PyKCS11.CKM_RSA_PKCS)))
print("round-trip", dec == b"secret message")
oaep = PyKCS11.RSAOAEPMechanism(PyKCS11.CKM_SHA256, PyKCS11.CKG_MGF1_SHA256,
                                b"label")
enc = bytes(s.encrypt(rsapub, b"oaep message", oaep))
dec = bytes(s.decrypt(rsapriv, enc, oaep))
print("oaep-label-round-trip", dec == b"oaep message")
open(sys.argv[4], "wb").write(enc)
s.logout()
s.closeSession()
PY
run py "$w/p11.py" "$MODULE" "$w/data" "$w/py.sig" "$w/py.enc"
check "CKO_CERTIFICATE of CKA_ID 1: the 9A certificate alone" \
    has "certs-of-id-1 1 X.509 Certificate for PIV Authentication"
check "CKA_ID 19 03: the 9D key's attestation certificate (9D has none)" \
    has "attestation-of-id-3 1 X.509 Certificate for PIV Attestation 9d"
check "CKA_ID 19 01: no attestation beside the 9A certificate" \
    has "attestation-of-id-1 0 "
check "PyKCS11 signs with the card (64-byte r||s)" has "ecdsa-sig-len 64"
check "PyKCS11 verifies with the card's public key" has "verified True"
check "PyKCS11 encrypts with the RSA public key (256 bytes)" has "rsa-enc-len 256"
check "and the card decrypts it (PKCS#1 v1.5)" has "round-trip True"
check "OAEP SHA-256 with a label, encrypted and decrypted" has "oaep-label-round-trip True"
rm -rf "$w"
