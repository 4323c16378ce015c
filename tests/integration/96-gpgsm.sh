# SPDX-License-Identifier: BSD-2-Clause
# GnuPG's gpgsm with the card through gnupg-pkcs11-scd (gpg-agent's
# scdaemon) and uimkey-pkcs11.so: --learn-card imports the 9A certificate
# from the card, and gpgsm signs and verifies with it.  The PIN comes from
# a 0600 file through a pinentry that asks nobody.
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
SO=010203040506070801020304050607080102030405060708
so() { p11tool --login --login-type so --so-pin "$SO" "$@"; }
SUBJECT="CN=uimkey gpgsm 9A"

# gnupg-pkcs11-scd 0.10 knows RSA keys only: RSA 2048 generated in 9A
# (it also has an attestation certificate), certified by the test CA.
test_ca "$w"
run so --keypairgen --key-type rsa:2048 --id 01
check "RSA 2048 key generated in 9A" test "$rc" -eq 0
# The public key from the key's attestation certificate (CKA_ID 19 01).
p11tool --read-object --type cert --id 1901 -o "$w/att.der" >/dev/null 2>&1
openssl x509 -inform DER -in "$w/att.der" -noout -pubkey > "$w/9a.pem"
certify "$w" "$w/9a.pem" "uimkey gpgsm 9A" "$w/9a.crt"
openssl x509 -in "$w/9a.crt" -outform DER -out "$w/9a.der"
run so -w "$w/9a.der" --type cert --id 01
check "a certificate from the test CA written to 9A" test "$rc" -eq 0

# A scratch GnuPG home; gpg-agent runs gnupg-pkcs11-scd as its scdaemon.
export GNUPGHOME="$w/gnupg"
mkdir -m 700 "$GNUPGHOME"
umask 077
printf '123456\n' > "$w/pin"
umask 022
export UIMKEY_PIN_FILE="$w/pin"
# gnupg-pkcs11-scd's socket directory, to see that it is removed.
export GNUPG_PKCS11_SOCKETDIR="$w"
# Under ASan the runtime goes first into gnupg-pkcs11-scd, which loads the
# module; not into GnuPG's own programs, which hang with it (gpgconf and
# gpgsm --import never return).
scd=/usr/bin/gnupg-pkcs11-scd
if [ -n "$UIMKEY_PRELOAD" ]; then
	scd="$w/gnupg-pkcs11-scd-asan"
	cat > "$scd" <<-SCD
	#!/bin/sh
	LD_PRELOAD="$UIMKEY_PRELOAD" \\
	    ASAN_OPTIONS=detect_leaks=0:log_path="$w/asan" \\
	    UBSAN_OPTIONS=print_stacktrace=1:log_path="$w/asan" \\
	    exec /usr/bin/gnupg-pkcs11-scd "\$@"
	SCD
	chmod +x "$scd"
fi
cat > "$GNUPGHOME/gpg-agent.conf" <<CONF
scdaemon-program $scd
pinentry-program $UIMKEY_TOP/tests/integration/pinentry-file.sh
CONF
cat > "$GNUPGHOME/gnupg-pkcs11-scd.conf" <<CONF
log-file $w/scd.log
verbose
providers uimkey
provider-uimkey-library $MODULE
CONF
# No dirmngr here: no CRL or OCSP look-ups.
printf 'disable-crl-checks\ndisable-ocsp\n' > "$GNUPGHOME/gpgsm.conf"
# The CA as a user trusts it: imported and marked trusted.
run gpgsm --batch --import "$w/ca.crt"
check "gpgsm imports the CA certificate" test "$rc" -eq 0
ca_fpr=$(openssl x509 -in "$w/ca.crt" -noout -fingerprint -sha1 | sed 's/.*=//')
echo "$ca_fpr S" > "$GNUPGHOME/trustlist.txt"
fpr=$(openssl x509 -in "$w/9a.crt" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
run gpgsm --batch --learn-card
check "gpgsm --learn-card" test "$rc" -eq 0
run gpgsm --batch --with-colons --list-secret-keys
check "the 9A certificate came from the card, with its key on the card" \
    has "fpr:::::::::$fpr:"
# gpg-agent knows the key by its keygrip and finds it on the card through
# the id of the certificate it learnt it from: the 9A certificate's
# (…/01), not the attestation certificate's (…/1901), which carries the
# same public key and has no private key of its id.
run gpg-connect-agent 'keyinfo --list' /bye
check "gpg-agent's card key is the 9A certificate's id" has "/01 "
check "not the attestation certificate's id" not has "/1901 "
run gpgsm --batch --list-keys
check "gpgsm lists the 9A certificate by subject" has "$SUBJECT"
# One certificate per public key: the key's attestation is not offered
# beside the slot's own certificate.
check "gpgsm --learn-card did not import the attestation certificate" \
    not has "PIV Attestation 9a"

# Sign (the PIN comes through the pinentry), then verify.
head -c 3000 /dev/urandom > "$w/data"
run gpgsm --batch --status-fd 1 -u "$fpr" --sign -o "$w/data.p7s" "$w/data"
check "gpgsm --sign with the card's 9A key" test "$rc" -eq 0
check "gpgsm --sign made a signature" has "SIG_CREATED S 1 "
run gpgsm --batch --status-fd 1 --verify -o "$w/data.out" "$w/data.p7s"
check "gpgsm --verify: good signature" has "[GNUPG:] GOODSIG"
check "gpgsm --verify: made with the 9A certificate" has "VALIDSIG $fpr"
check "gpgsm --verify: the chain to the trusted CA is valid" has "TRUST_FULLY"
check "and exits 0" test "$rc" -eq 0
# gpgsm writes the data out before it has checked the signature.
good_data() { has "[GNUPG:] GOODSIG" && cmp -s "$w/data" "$w/data.out"; }
check "gpgsm --verify gives back the data" good_data
# The certificate named by its subject, as a user would.
run gpgsm --batch --status-fd 1 -u "$SUBJECT" --detach-sign -o "$w/data.sig" "$w/data"
check "gpgsm --detach-sign with the card's key" test "$rc" -eq 0
run gpgsm --batch --status-fd 1 --verify "$w/data.sig" "$w/data"
check "gpgsm --verify: good detached signature" has "VALIDSIG $fpr"
printf 'x' >> "$w/data"
run gpgsm --batch --status-fd 1 --verify "$w/data.sig" "$w/data"
check "gpgsm --verify rejects a tampered message" has "[GNUPG:] BADSIG"
check "and fails" test "$rc" -ne 0

# Stop the agent and its scdaemon; nothing may be left.
agent_pid=$(gpg-connect-agent 'getinfo pid' /bye 2>/dev/null | sed -n 's/^D //p')
scd_pid=$(gpg-connect-agent 'scd getinfo pid' /bye 2>/dev/null | sed -n 's/^D //p')
echo "# gpg-agent $agent_pid, gnupg-pkcs11-scd $scd_pid"
check "gpg-agent and gnupg-pkcs11-scd were running" \
    test -n "$agent_pid" -a -n "$scd_pid"
check "gnupg-pkcs11-scd made its socket directory" \
    test -n "$(ls -d "$w"/gnupg-pkcs11-scd.* 2>/dev/null)"
gpgconf --kill all
gone() {
	for i in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.5
	done
	return 1
}
check "gpgconf --kill all stops gpg-agent" gone "${agent_pid:-1}"
check "and gnupg-pkcs11-scd" gone "${scd_pid:-1}"
check "gnupg-pkcs11-scd removed its socket directory" \
    test -z "$(ls -d "$w"/gnupg-pkcs11-scd.* 2>/dev/null)"
# gnupg-pkcs11-scd's standard error goes nowhere: the sanitizers write
# their reports to files.
check "no sanitizer report from gnupg-pkcs11-scd" \
    test -z "$(ls "$w"/asan.* 2>/dev/null)"
run ps -eo pid,args
check "no gpg-agent is left" not has "gpg-agent"
check "no dirmngr is left" not has "dirmngr"
check "no gnupg-pkcs11-scd is left" not has "gnupg-pkcs11-scd"
check "no pinentry is left" not has "pinentry"
rm -rf "$w"
