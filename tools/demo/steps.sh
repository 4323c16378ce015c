# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash disable=SC2016
# The eight steps of `make demo`: the life of a UIM after ITU-T
# X.1122, told with the programs people use.  Shell functions shared by
# tools/demo.sh (the demo) and tests/integration/93-demo.sh (the same steps
# as a test): one function per step, demo_step_1 ... demo_step_8, to be run
# in order in one uimkey-env (they hand files to each other in $DEMO_DIR).
#
# Each step prints a short narration and checks every claim it makes; it
# returns 1 at the first claim that does not hold, after saying which one
# and showing the output that disproves it.  With DEMO_TAP=1 each claim is
# also an "ok - " / "not ok - " line for tests/run.sh.
#
# Needs: UIMKEY_BUILD (the build directory), uimkey on PATH, one card, in
# reader "uimkey PCD 00 00" (vpcd's other reader, "uimkey PCD 00 01", is
# then empty; uimkey takes the reader with the card).  demo_init first,
# demo_cleanup last (also from a trap): it stops every server and agent a
# step started.
#
# No secret is ever on a command line (ps shows command lines): PINs, the
# PUK, the management key and the challenge password are in files of mode
# 0600 in $DEMO_DIR, given as --*-file to uimkey, as -passin/-pass file: to
# openssl (and on standard input for the context-specific login of the 9C
# key), and to ssh-add through an SSH_ASKPASS program that reads the file.

DEMO_STEPS=8
DEMO_SUBJECT="CN=Alice Smith,OU=Mobile,O=Example Carrier,C=JP"
DEMO_SERVER_PORT=4430           # s_server: 127.0.0.1:4431, 4432, ... (one per handshake)
DEMO_SSH_PORT=2222              # a private sshd on 127.0.0.1

demo_title() {
	case $1 in
	1) echo "Factory (7.1.2): manufacturer CA, issuer key, personalize" ;;
	2) echo "The user gets the device: the initial PIN must be changed" ;;
	3) echo "Key generation in the device (7.1.1): 9A, 9C, 9D" ;;
	4) echo "Application with POP (9.1.1): CSR, attestation, RA, CA" ;;
	5) echo "Session layer (8.1): mutual TLS and SSH on loopback" ;;
	6) echo "Application level (8.2): CMS signature, decryption" ;;
	7) echo "Loss (9.2.1.3): PIN blocked, issuer lock, cert on hold" ;;
	8) echo "Recovery: unlock, PUK, hold lifted; renewal (7.1.5)" ;;
	esac
}

# ------------------------------------------------------------------ helpers

# demo_say TEXT: narration.
demo_say() {
	if [ "${DEMO_TAP:-}" = 1 ]; then printf '# %s\n' "$*"; else printf '   %s\n' "$*"; fi
}

# demo_ok CLAIM: a claim that held.
demo_ok() {
	if [ "${DEMO_TAP:-}" = 1 ]; then
		printf 'ok - [%s] %s\n' "$DEMO_CUR" "$*"
	else
		printf '   ok  %s\n' "$*"
	fi
}

# demo_bad CLAIM: a claim that did not hold; shows the last output; 1.
demo_bad() {
	if [ "${DEMO_TAP:-}" = 1 ]; then
		printf 'not ok - [%s] %s\n' "$DEMO_CUR" "$*"
	fi
	{
		printf '   FAILED: %s\n' "$*"
		printf '%s\n' "${out:-}" | tail -n 20 | sed 's/^/   | /'
	} >&2
	return 1
}

# demo_run CMD...: run it, keep its output (both streams) in $out and its
# status in $rc, and append both to $DEMO_DIR/demo.log.
demo_run() {
	out=$("$@" 2>&1)
	rc=$?
	printf '$ %s\n%s\n[exit %s]\n' "$*" "$out" "$rc" >> "$DEMO_DIR/demo.log"
	return $rc
}

# demo_claim CLAIM CMD...: CMD succeeds, or the step fails.
demo_claim() {
	_c=$1
	shift
	if "$@"; then demo_ok "$_c"; else demo_bad "$_c"; fi
}

# demo_must CLAIM CMD...: run CMD (demo_run); it must exit 0.
demo_must() {
	_c=$1
	shift
	if demo_run "$@"; then demo_ok "$_c"; else demo_bad "$_c"; fi
}

# demo_refused CLAIM CMD...: run CMD (demo_run); it must fail.
demo_refused() {
	_c=$1
	shift
	if demo_run "$@"; then demo_bad "$_c"; else demo_ok "$_c"; fi
}

# demo_skip CLAIM WHY: a claim not checked in this build.
demo_skip() {
	if [ "${DEMO_TAP:-}" = 1 ]; then
		printf 'ok - [%s] %s # SKIP %s\n' "$DEMO_CUR" "$1" "$2"
	else
		printf '   skip  %s (%s)\n' "$1" "$2"
	fi
}

# demo_has TEXT...: the last output contains every TEXT.
demo_has() {
	for _t in "$@"; do
		case "$out" in *"$_t"*) ;; *)
			out="$out
(expected to find: $_t)"
			return 1 ;;
		esac
	done
}

# demo_lacks TEXT: the last output does not contain TEXT.
demo_lacks() {
	case "$out" in *"$1"*) return 1 ;; esac
}

# demo_ossl ARGS...: openssl with libp11's PKCS#11 engine configured to load
# uimkey-pkcs11.so.  Detached from any terminal (setsid), so that a PIN
# prompt of the engine (the 9C key's context-specific login) reads standard
# input instead of /dev/tty.
demo_ossl() {
	demo_foreign env OPENSSL_CONF="$DEMO_DIR/engine.cnf" setsid -w timeout 60 openssl "$@"
}

# demo_foreign CMD...: a program of the system that loads our module.  In
# `make SANITIZE=1 test` the module is built with ASan, whose runtime must
# then come first (tests/run.sh sets UIMKEY_PRELOAD); otherwise nothing.
demo_foreign() {
	if [ -n "${UIMKEY_PRELOAD:-}" ]; then
		LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 "$@"
	else
		"$@"
	fi
}

demo_p11tool() {
	demo_foreign pkcs11-tool --module "$DEMO_MODULE" "$@"
}

# demo_new_pin FILE: 8 random digits, not all the same (the card's policy
# refuses trivial PINs), on one line of FILE.
demo_new_pin() {
	while :; do
		od -An -N8 -tu1 /dev/urandom |
		    awk '{ for (i = 1; i <= 8; i++) printf "%d", $i % 10; print "" }' > "$1"
		grep -Eq '^([0-9])\1{7}$' "$1" || break
	done
}

# demo_serial CERT: the certificate's serial number in hex, as in index.txt.
demo_serial() {
	openssl x509 -in "$1" -noout -serial | sed 's/^serial=//'
}

# demo_ca_issue CSR EXT OUT: the CA issues a certificate with `openssl ca`.
demo_ca_issue() {
	openssl ca -batch -config "$DEMO_DIR/ca/ca.cnf" -extensions "$2" \
	    -in "$1" -out "$3" -notext
}

demo_gencrl() {
	openssl ca -config "$DEMO_DIR/ca/ca.cnf" -gencrl -out "$DEMO_DIR/ca/crl.pem"
}

# demo_tls_client KEY_ID CERT: an HTTP request over mutual TLS, the client's
# key on the card (pkcs11:id=%KEY_ID through the engine), PIN from its file.
demo_tls_client() {
	printf 'GET / HTTP/1.0\r\n\r\n' | demo_ossl s_client \
	    -connect "127.0.0.1:$DEMO_PORT" -engine pkcs11 -keyform engine \
	    -key "pkcs11:id=%$1;type=private" -pass "file:$DEMO_PIN" \
	    -cert "$2" -CAfile "$DEMO_DIR/srv.crt" -verify_return_error -ign_eof
}

# demo_tls KEY_ID CERT [crl]: one handshake with a fresh `openssl s_server
# -Verify` on 127.0.0.1 that trusts the CA (and checks its CRL with crl).
# The client's output is in $out, the server's in $DEMO_DIR/server.log;
# the client's status is returned.  The server is gone afterwards.
demo_tls() {
	DEMO_PORT=$((DEMO_PORT + 1))
	set -- "$1" "$2" ${3:+-CRL "$DEMO_DIR/ca/crl.pem" -crl_check}
	_id=$1 _cert=$2
	shift 2
	openssl s_server -accept "127.0.0.1:$DEMO_PORT" -cert "$DEMO_DIR/srv.crt" \
	    -key "$DEMO_DIR/srv.key" -CAfile "$DEMO_DIR/ca/ca.crt" -Verify 1 \
	    -verify_return_error -naccept 1 -www "$@" \
	    > "$DEMO_DIR/server.log" 2>&1 < /dev/null &
	DEMO_SPID=$!
	_i=0
	until grep -q '^ACCEPT' "$DEMO_DIR/server.log"; do
		_i=$((_i + 1))
		if [ $_i -gt 100 ] || ! kill -0 "$DEMO_SPID" 2>/dev/null; then
			out="s_server did not start: $(cat "$DEMO_DIR/server.log")"
			demo_stop_server
			return 1
		fi
		sleep 0.05
	done
	demo_run demo_tls_client "$_id" "$_cert"
	_rc=$rc
	demo_stop_server
	cat "$DEMO_DIR/server.log" >> "$DEMO_DIR/demo.log"
	return $_rc
}

demo_stop_server() {
	if [ -n "${DEMO_SPID:-}" ]; then
		kill "$DEMO_SPID" 2>/dev/null
		wait "$DEMO_SPID" 2>/dev/null
		DEMO_SPID=
	fi
}

demo_stop_ssh() {
	if [ -n "${DEMO_DIR:-}" ] && [ -f "$DEMO_DIR/sshd/pid" ]; then
		kill "$(cat "$DEMO_DIR/sshd/pid")" 2>/dev/null
		rm -f "$DEMO_DIR/sshd/pid"
	fi
	if [ -n "${SSH_AGENT_PID:-}" ]; then
		ssh-agent -k >/dev/null 2>&1 || kill "$SSH_AGENT_PID" 2>/dev/null
		unset SSH_AGENT_PID SSH_AUTH_SOCK
	fi
}

# demo_init: the work directory (mode 0700, files 0600) and its settings.
demo_init() {
	umask 077
	DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/uimkey-demo.XXXXXX") || return 1
	DEMO_MODULE="$UIMKEY_BUILD/lib/uimkey-pkcs11.so"
	DEMO_PORT=$DEMO_SERVER_PORT
	DEMO_PIN="$DEMO_DIR/pin"
	DEMO_SPID=
	DEMO_CUR=0
	: > "$DEMO_DIR/demo.log"
	cat > "$DEMO_DIR/engine.cnf" <<-EOF
	# OpenSSL with libp11's engine loading uimkey-pkcs11.so
	openssl_conf = openssl_init
	[openssl_init]
	engines = engine_section
	[engine_section]
	pkcs11 = pkcs11_section
	[pkcs11_section]
	engine_id = pkcs11
	MODULE_PATH = $DEMO_MODULE
	init = 0
	EOF
}

# demo_cleanup: stop what the steps started; remove the work directory
# unless DEMO_KEEP=1.
demo_cleanup() {
	demo_stop_server
	demo_stop_ssh
	if [ -n "${DEMO_DIR:-}" ] && [ -d "$DEMO_DIR" ] && [ "${DEMO_KEEP:-}" != 1 ]; then
		rm -rf "$DEMO_DIR"
	fi
}

# ------------------------------------------------------------------ 1

demo_step_1() {
	DEMO_CUR=1
	local D="$DEMO_DIR"
	# The manufacturer's CA certifies each card's attestation key; the
	# issuer's key signs the lock and unlock tokens of its cards.
	demo_must "openssl makes the manufacturer CA (P-256) and the issuer's lock key (P-256)" \
	    sh -c "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	        -keyout '$D/mca.key' -out '$D/mca.crt' -days 3650 \
	        -subj '/O=uimkey demo/CN=uimkey demo manufacturer CA' &&
	      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out '$D/issuer.key' &&
	      openssl pkey -in '$D/issuer.key' -pubout -out '$D/issuer.pub'" || return 1
	demo_must "pcsc_scan shows the card in reader 'uimkey PCD 00 00'" pcsc_scan -c || return 1
	demo_claim "its ATR spells 'uimkey' (3B 86 81 31 FE 15 75 69 6D 6B 65 79 ..)" \
	    demo_has "uimkey PCD 00 00" "Card inserted" "3B 86 81 31 FE 15 75 69 6D 6B 65 79" || return 1
	demo_run uimkey info
	demo_claim "the blank card warns: factory PIN, PUK and management key, no issuer" \
	    demo_has "WARNING: the PIN is the factory default" \
	    "WARNING: the management key is the factory default" "no issuer key installed" || return 1
	cat > "$D/profile.json" <<-'EOF'
	{
	  "version": 1,
	  "credentials": {
	    "pin": "random", "puk": "random",
	    "management_key": {"alg": "aes256", "key": "random"},
	    "pin_retries": 3, "puk_retries": 3,
	    "secrets_output": "secrets.txt"
	  },
	  "pin_policy": {"min_length": 8, "digits_only": true, "no_trivial": true,
	                 "change_first": true},
	  "objects": {
	    "chuid": {"expiry": "20351231"},
	    "printed": {"name": "Alice Smith", "employee_affiliation": "Mobile",
	                "expiration_date": "2035DEC31", "issuer_id": "Example Carrier"}
	  },
	  "attestation": {"ca_key": "mca.key", "ca_cert": "mca.crt"},
	  "issuer": {"public_key": "issuer.pub", "counter": 1}
	}
	EOF
	demo_must "uimkey personalize --profile profile.json (JSON profile: random PIN, PUK, AES-256 management key)" \
	    uimkey personalize --profile "$D/profile.json" || return 1
	demo_claim "the issuer's public key is installed on the card (lock counter 1)" \
	    demo_has "issuer key installed" || return 1
	demo_claim "the random secrets went to a new file of mode 0600 (the PIN mailer)" \
	    test "$(stat -c %a "$D/secrets.txt")" = 600 || return 1
	sed -n 's/^PIN=//p' "$D/secrets.txt" > "$D/pin0"
	sed -n 's/^PUK=//p' "$D/secrets.txt" > "$D/puk"
	sed -n 's/^MANAGEMENT_KEY=//p' "$D/secrets.txt" > "$D/mgmt"
	demo_run uimkey cert export --slot f9 -o "$D/f9.crt"
	demo_must "openssl verify: the card's attestation key (F9) is certified by the manufacturer CA" \
	    openssl verify -CAfile "$D/mca.crt" "$D/f9.crt" || return 1
	demo_run uimkey info
	demo_claim "uimkey info: no factory default left, PIN and PUK 3 of 3 tries, AES-256 management key" \
	    sh -c '! printf "%s" "$1" | grep -q "^WARNING" &&
	        printf "%s" "$1" | grep -q "^PIN: *3 of 3 tries left" &&
	        printf "%s" "$1" | grep -q "^PUK: *3 of 3 tries left" &&
	        printf "%s" "$1" | grep -q "management key: aes256"' \
	    - "$out" || return 1
	DEMO_CARD=$(printf '%s\n' "$out" | sed -n 's/^card: *uimkey, serial \([0-9]*\).*/\1/p')
	demo_claim "the card's serial number is $DEMO_CARD" test -n "$DEMO_CARD" || return 1
}

# ------------------------------------------------------------------ 2

demo_step_2() {
	DEMO_CUR=2
	local D="$DEMO_DIR"
	demo_run demo_p11tool -T
	demo_claim "pkcs11-tool -T: the token says 'user PIN to be changed'" \
	    demo_has "uimkey #" "user PIN to be changed" || return 1
	demo_refused "the initial PIN from the PIN mailer is refused for use: it must be changed first" \
	    uimkey pin verify --pin-file "$D/pin0" || return 1
	demo_claim "(uimkey says so)" demo_has "must be changed" || return 1
	printf '12345678\n' > "$D/weak"
	demo_refused "a trivial new PIN (12345678) is refused by the card's PIN policy" \
	    uimkey pin change --pin-file "$D/pin0" --new-pin-file "$D/weak" || return 1
	demo_claim "(the PIN policy said no, and no try was lost)" demo_has "PIN policy" || return 1
	demo_new_pin "$D/pin"
	demo_must "the user sets a PIN of their own (uimkey pin change, from a file)" \
	    uimkey pin change --pin-file "$D/pin0" --new-pin-file "$D/pin" || return 1
	demo_must "and it works: uimkey pin verify" uimkey pin verify --pin-file "$D/pin" || return 1
	demo_run uimkey pin retries
	demo_claim "PIN 3 of 3 tries left" demo_has "3 of 3" || return 1
	demo_run demo_p11tool -T
	demo_claim "the token no longer asks for a PIN change" demo_lacks "to be changed" || return 1
}

# ------------------------------------------------------------------ 3

demo_step_3() {
	DEMO_CUR=3
	local D="$DEMO_DIR" s
	for s in 9a 9c 9d; do
		demo_must "uimkey key generate --slot $s --alg p256: the key pair is made inside the card" \
		    uimkey key generate --slot $s --alg p256 --mgmt-key-file "$D/mgmt" \
		    -o "$D/$s.pub" || return 1
		demo_run openssl pkey -pubin -in "$D/$s.pub" -noout -text
		demo_claim "openssl: the $s public key is P-256 (prime256v1)" demo_has prime256v1 || return 1
	done
	demo_run uimkey info
	demo_claim "uimkey info: 9A and 9D PIN once, 9C (signature) PIN always, all generated on the card" \
	    sh -c 'printf "%s\n" "$1" | awk "/^slot 9a/ { s = \"9a\" } /^slot 9c/ { s = \"9c\" }
	        /^slot 9d/ { s = \"9d\" } /^slot 9e/ { s = \"\" } /key:/ && s { print s, \$0 }" |
	        tr -s " " > "$2/keys.txt"
	      grep -q "^9a key: p256, generated on the card, PIN policy once" "$2/keys.txt" &&
	      grep -q "^9c key: p256, generated on the card, PIN policy always" "$2/keys.txt" &&
	      grep -q "^9d key: p256, generated on the card, PIN policy once" "$2/keys.txt"' \
	    - "$out" "$D" || return 1
	demo_run demo_p11tool -O --type pubkey
	demo_claim "the PKCS#11 module shows the three public keys (ID 01, 02, 03)" \
	    demo_has "Public key for PIV Authentication" "Public key for Digital Signature" \
	    "Public key for Key Management" || return 1
}

# ------------------------------------------------------------------ 4

demo_step_4() {
	DEMO_CUR=4
	local D="$DEMO_DIR" s
	# The CA: an `openssl ca` directory (database, serial, CRL number).
	mkdir -p "$D/ca/certs"
	: > "$D/ca/index.txt"
	echo 1000 > "$D/ca/serial"
	echo 1000 > "$D/ca/crlnumber"
	cat > "$D/ca/ca.cnf" <<-EOF
	[ca]
	default_ca = demo_ca
	[demo_ca]
	dir = $D/ca
	database = \$dir/index.txt
	new_certs_dir = \$dir/certs
	serial = \$dir/serial
	crlnumber = \$dir/crlnumber
	certificate = \$dir/ca.crt
	private_key = \$dir/ca.key
	default_md = sha256
	default_days = 365
	default_crl_days = 7
	policy = policy_card
	unique_subject = no
	copy_extensions = none
	preserve = yes
	crl_extensions = crl_ext
	[policy_card]
	countryName = supplied
	organizationName = supplied
	organizationalUnitName = optional
	commonName = supplied
	[ext_9a]
	basicConstraints = critical, CA:FALSE
	keyUsage = critical, digitalSignature
	extendedKeyUsage = clientAuth
	subjectKeyIdentifier = hash
	authorityKeyIdentifier = keyid
	[ext_9c]
	basicConstraints = critical, CA:FALSE
	keyUsage = critical, digitalSignature, nonRepudiation
	extendedKeyUsage = emailProtection
	subjectKeyIdentifier = hash
	authorityKeyIdentifier = keyid
	[ext_9d]
	basicConstraints = critical, CA:FALSE
	keyUsage = critical, keyAgreement
	subjectKeyIdentifier = hash
	authorityKeyIdentifier = keyid
	[crl_ext]
	authorityKeyIdentifier = keyid
	EOF
	demo_must "openssl makes the CA that issues the users' certificates (an 'openssl ca' directory)" \
	    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$D/ca/ca.key" -out "$D/ca/ca.crt" -days 3650 \
	    -subj "/C=JP/O=Example Carrier/CN=Example Carrier user CA" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" || return 1
	# The secret the RA gave the user out of band (X.1122 9.1.1, figure 10).
	printf 'enrol-%s\n' "$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')" > "$D/cp"
	for s in 9a 9c 9d; do
		demo_must "uimkey request --slot $s --attest: a CSR signed on the card, with the attestation chain" \
		    uimkey request --slot $s --subject "$DEMO_SUBJECT" --pin-file "$DEMO_PIN" \
		    --challenge-password-file "$D/cp" --attest \
		    --attestation-out "$D/$s.chain" -o "$D/$s.csr" || return 1
		demo_run openssl req -in "$D/$s.csr" -verify -noout
		demo_claim "openssl req -verify: the $s request's signature (proof of possession) is good" \
		    demo_has "verify OK" || return 1
		demo_must "uimkey ra verify: the RA accepts it (POP, challenge password, attestation to the manufacturer CA)" \
		    uimkey ra verify "$D/$s.csr" --attestation "$D/$s.chain" \
		    --manufacturer-roots "$D/mca.crt" --challenge-password-file "$D/cp" || return 1
		demo_claim "(accepted: proof of possession verified, generated on card $DEMO_CARD, challenge password matches)" \
		    demo_has "accepted:" "proof of possession verified" \
		    "generated on card serial $DEMO_CARD" "challenge password matches" || return 1
	done
	# Forgeries.  A request whose subject was changed after it was signed:
	openssl req -in "$D/9a.csr" -outform DER |
	    perl -0777 -pe 's/Alice Smith/Alice Smyth/' > "$D/tampered.der"
	demo_refused "the RA rejects a request whose subject was changed after signing" \
	    uimkey ra verify "$D/tampered.der" --attestation "$D/9a.chain" \
	    --manufacturer-roots "$D/mca.crt" --challenge-password-file "$D/cp" || return 1
	demo_claim "(reason: bad proof of possession)" demo_has "bad proof of possession" || return 1
	# A key made outside any card, with the stolen challenge password and
	# the card's attestation: everything right but the key.
	cat > "$D/forge.cnf" <<-EOF
	[req]
	distinguished_name = dn
	attributes = attrs
	prompt = no
	[dn]
	C = JP
	O = Example Carrier
	OU = Mobile
	CN = Alice Smith
	[attrs]
	challengePassword = $(cat "$D/cp")
	EOF
	openssl req -new -config "$D/forge.cnf" -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$D/forged.key" -out "$D/forged.csr" 2>/dev/null
	demo_refused "the RA rejects a software key's request, even with the right password and the card's attestation" \
	    uimkey ra verify "$D/forged.csr" --attestation "$D/9a.chain" \
	    --manufacturer-roots "$D/mca.crt" --challenge-password-file "$D/cp" || return 1
	demo_claim "(reason: the attestation is for another key)" \
	    demo_has "the attestation is for another key" || return 1
	# The CA issues; the certificates go to the card.
	for s in 9a 9c 9d; do
		demo_must "openssl ca issues the $s certificate (extensions ext_$s)" \
		    demo_ca_issue "$D/$s.csr" "ext_$s" "$D/$s.crt" || return 1
		demo_must "uimkey cert import --slot $s: installed on the card" \
		    uimkey cert import --slot $s --mgmt-key-file "$D/mgmt" "$D/$s.crt" || return 1
	done
	demo_must "openssl verify: the three certificates chain to the CA" \
	    openssl verify -CAfile "$D/ca/ca.crt" "$D/9a.crt" "$D/9c.crt" "$D/9d.crt" || return 1
	demo_run demo_p11tool -O --type cert
	demo_claim "activated: the PKCS#11 module offers each certificate next to its key (pkcs11-tool -O)" \
	    demo_has "X.509 Certificate for PIV Authentication" \
	    "X.509 Certificate for Digital Signature" "X.509 Certificate for Key Management" \
	    "Alice Smith" || return 1
}

# ------------------------------------------------------------------ 5

demo_step_5() {
	DEMO_CUR=5
	local D="$DEMO_DIR" fp
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$D/srv.key" -out "$D/srv.crt" -subj "/CN=localhost" -days 2 \
	    2>/dev/null
	demo_say "TLS: openssl s_server -Verify on 127.0.0.1 trusts the CA; openssl s_client's"
	demo_say "key is pkcs11:id=%01;type=private (9A) through libp11's engine and uimkey-pkcs11.so"
	demo_tls 01 "$D/9a.crt"
	demo_claim "the handshake completes; the client verified the server (Verify return code 0)" \
	    demo_has "Verify return code: 0 (ok)" || return 1
	demo_claim "the server answered over TLS, showing the client certificate it got: Alice Smith's" \
	    demo_has "HTTP/1.0 200 ok" "Client certificate" "CN=Alice Smith" || return 1
	out=$(cat "$D/server.log")
	demo_claim "the server verified the client's certificate chain (its log: depth=0 ... Alice Smith)" \
	    demo_has "depth=0 " "CN = Alice Smith" || return 1

	# SSH: ssh-agent loads the module (-P allows only ours); ssh-add -s asks
	# for the PIN through SSH_ASKPASS, a program that reads the PIN file.
	if [ -n "${UIMKEY_SANITIZE:-}" ]; then
		demo_skip "ssh-agent, sshd: a login with the card's key" \
		    "ssh-agent's PKCS#11 helper drops the ASan runtime"
		return 0
	fi
	mkdir -p "$D/sshd" /run/sshd
	printf '#!/bin/sh\nexec cat %s\n' "$DEMO_PIN" > "$D/askpass"
	chmod 700 "$D/askpass"
	eval "$(ssh-agent -s -P "$UIMKEY_BUILD/lib/*")" > /dev/null
	demo_must "ssh-add -s uimkey-pkcs11.so: the card's keys are in ssh-agent" \
	    env SSH_ASKPASS="$D/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=:0 \
	    ssh-add -s "$DEMO_MODULE" < /dev/null || return 1
	ssh-keygen -i -m PKCS8 -f "$D/9a.pub" > "$D/9a.ssh"
	demo_run ssh-add -L
	demo_claim "ssh-add -L lists the 9A key (ecdsa-sha2-nistp256)" \
	    demo_has "$(cut -d' ' -f2 "$D/9a.ssh")" || return 1
	ssh-keygen -q -t ed25519 -N '' -f "$D/sshd/host" > /dev/null
	cp "$D/9a.ssh" "$D/sshd/authorized_keys"
	cat > "$D/sshd/config" <<-EOF
	Port $DEMO_SSH_PORT
	ListenAddress 127.0.0.1
	HostKey $D/sshd/host
	AuthorizedKeysFile $D/sshd/authorized_keys
	PermitRootLogin prohibit-password
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	StrictModes no
	UsePAM no
	PidFile $D/sshd/pid
	EOF
	demo_must "a private sshd on 127.0.0.1:$DEMO_SSH_PORT accepts only the 9A key" \
	    /usr/sbin/sshd -f "$D/sshd/config" -E "$D/sshd/log" || return 1
	local i=0
	until [ -s "$D/sshd/pid" ]; do
		i=$((i + 1))
		[ $i -le 100 ] || { out="sshd wrote no pid file"; demo_bad "sshd started"; return 1; }
		sleep 0.05
	done
	demo_must "ssh logs in with the card's key through ssh-agent" \
	    ssh -F /dev/null -p "$DEMO_SSH_PORT" -o StrictHostKeyChecking=no \
	    -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR \
	    -o ConnectTimeout=10 \
	    "$(id -un)@127.0.0.1" 'echo "logged in as $(id -un) from ${SSH_CONNECTION%% *}"' || return 1
	demo_claim "($out)" demo_has "logged in as $(id -un) from 127.0.0.1" || return 1
	fp=$(ssh-keygen -lf "$D/9a.ssh" | cut -d' ' -f2)
	out=$(cat "$D/sshd/log")
	demo_claim "sshd's log: Accepted publickey ... ECDSA $fp (the 9A key)" \
	    demo_has "Accepted publickey for $(id -un) from 127.0.0.1" "ECDSA $fp" || return 1
	demo_stop_ssh
}

# ------------------------------------------------------------------ 6

demo_step_6() {
	DEMO_CUR=6
	local D="$DEMO_DIR"
	cat > "$D/contract.txt" <<-EOF
	I, Alice Smith, agree to the terms of service of Example Carrier.
	Signed on $(date -u '+%Y-%m-%d %H:%M:%S UTC') with the signature key of my UIM.
	EOF
	# The 9C key has PIN policy "always": the engine logs in with -passin,
	# then asks for the PIN again for the signature (CKU_CONTEXT_SPECIFIC),
	# which it reads from standard input.
	demo_refused "without the PIN given again, the 9C key does not sign (PIN policy always)" \
	    demo_ossl cms -sign -engine pkcs11 -keyform engine \
	    -inkey "pkcs11:id=%02;type=private" -passin "file:$DEMO_PIN" \
	    -signer "$D/9c.crt" -md sha256 -binary -in "$D/contract.txt" \
	    -outform PEM -out "$D/contract.p7s" < /dev/null || return 1
	demo_must "openssl cms -sign with pkcs11:id=%02 (9C) through the engine, PIN again for this signature" \
	    demo_ossl cms -sign -engine pkcs11 -keyform engine \
	    -inkey "pkcs11:id=%02;type=private" -passin "file:$DEMO_PIN" \
	    -signer "$D/9c.crt" -md sha256 -binary -in "$D/contract.txt" \
	    -outform PEM -out "$D/contract.p7s" < "$DEMO_PIN" || return 1
	demo_must "openssl cms -verify: the signature and the signer's certificate chain to the CA" \
	    openssl cms -verify -CAfile "$D/ca/ca.crt" -in "$D/contract.p7s" -inform PEM \
	    -content "$D/contract.txt" -binary -out /dev/null || return 1
	demo_claim "(CMS Verification successful)" demo_has "Verification successful" || return 1
	sed 's/agree/do not agree/' "$D/contract.txt" > "$D/changed.txt"
	demo_refused "a changed document does not verify" \
	    openssl cms -verify -CAfile "$D/ca/ca.crt" -in "$D/contract.p7s" -inform PEM \
	    -content "$D/changed.txt" -binary -out /dev/null || return 1

	head -c 100000 /dev/urandom > "$D/secret.bin"
	demo_must "openssl cms -encrypt to the 9D certificate (ECDH key agreement, AES-256), no card needed" \
	    openssl cms -encrypt -aes256 -recip "$D/9d.crt" -binary -in "$D/secret.bin" \
	    -outform DER -out "$D/secret.cms" || return 1
	demo_run openssl cms -cmsout -print -inform DER -in "$D/secret.cms"
	demo_claim "(the envelope holds a key agreement recipient: the 9D key, ephemeral-static ECDH)" \
	    demo_has "d.kari:" "originatorKey" || return 1
	demo_must "openssl cms -decrypt with pkcs11:id=%03 (9D): the card computes the ECDH secret" \
	    demo_ossl cms -decrypt -engine pkcs11 -keyform engine \
	    -inkey "pkcs11:id=%03;type=private" -passin "file:$DEMO_PIN" \
	    -recip "$D/9d.crt" -inform DER -in "$D/secret.cms" -out "$D/secret.out" \
	    < /dev/null || return 1
	demo_claim "the decrypted file matches the original (100000 bytes)" \
	    cmp -s "$D/secret.bin" "$D/secret.out" || return 1
}

# ------------------------------------------------------------------ 7

demo_step_7() {
	DEMO_CUR=7
	local D="$DEMO_DIR"
	printf '13572468\n' > "$D/wrong"
	demo_refused "a thief tries a PIN: refused, 2 tries left" \
	    uimkey pin verify --pin-file "$D/wrong" || return 1
	demo_claim "(wrong PIN, 2 tries left)" demo_has "2 tries left" || return 1
	uimkey pin verify --pin-file "$D/wrong" > /dev/null 2>&1
	demo_refused "the third wrong PIN blocks the PIN" \
	    uimkey pin verify --pin-file "$D/wrong" || return 1
	demo_claim "(the PIN is now blocked)" demo_has "the PIN is now blocked" || return 1
	demo_refused "now even the right PIN is refused" \
	    uimkey pin verify --pin-file "$DEMO_PIN" || return 1
	demo_say "the owner reports the loss; the issuer signs a lock token for card $DEMO_CARD (no card needed)"
	demo_must "uimkey lock token --action lock --counter 2 (signed with the issuer's key)" \
	    uimkey lock token --issuer-key "$D/issuer.key" --serial "$DEMO_CARD" \
	    --counter 2 --action lock -o "$D/lock.pem" || return 1
	demo_must "uimkey lock apply: delivered to the card (no PIN, no management key needed)" \
	    uimkey lock apply "$D/lock.pem" || return 1
	demo_claim "(the card is LOCKED BY ISSUER, counter 2)" \
	    demo_has "LOCKED BY ISSUER (counter 2)" || return 1
	demo_refused "a thief who knows the PUK cannot unblock the locked card" \
	    uimkey pin unblock --puk-file "$D/puk" --new-pin-file "$D/wrong" || return 1
	demo_run uimkey info
	demo_claim "uimkey info: WARNING first line, locked by issuer; PUK tries untouched" \
	    sh -c 'printf "%s\n" "$1" | head -n 1 | grep -q "^WARNING: this card is LOCKED BY ISSUER" &&
	        printf "%s" "$1" | grep -q "PUK: *3 of 3 tries left"' - "$out" || return 1
	demo_must "the CA puts the 9A certificate on hold: openssl ca -revoke -crl_reason certificateHold" \
	    openssl ca -config "$D/ca/ca.cnf" -revoke "$D/9a.crt" -crl_reason certificateHold || return 1
	demo_must "openssl ca -gencrl: a new CRL" demo_gencrl || return 1
	demo_run openssl crl -in "$D/ca/crl.pem" -noout -text
	demo_claim "the CRL lists serial $(demo_serial "$D/9a.crt") with reason Certificate Hold" \
	    demo_has "Serial Number: $(demo_serial "$D/9a.crt")" "Certificate Hold" || return 1
	demo_refused "the TLS server's check (openssl verify -crl_check, as s_server -crl_check) refuses the certificate" \
	    openssl verify -crl_check -CAfile "$D/ca/ca.crt" -CRLfile "$D/ca/crl.pem" "$D/9a.crt" || return 1
	demo_claim "(certificate revoked)" demo_has "certificate revoked" || return 1
	demo_tls 01 "$D/9a.crt" crl
	demo_claim "mutual TLS with the lost card fails: the card refuses the login (PIN locked)" \
	    sh -c '[ "$1" -ne 0 ] && printf "%s" "$2" | grep -q "PIN locked" &&
	        ! printf "%s" "$2" | grep -q "Verify return code: 0 (ok)"' - "$rc" "$out" || return 1
}

# ------------------------------------------------------------------ 8

demo_step_8() {
	DEMO_CUR=8
	local D="$DEMO_DIR" old new
	demo_say "the card is found; the issuer signs an unlock token with a higher counter"
	demo_must "uimkey lock token --action unlock --counter 3; uimkey lock apply" \
	    sh -c "uimkey lock token --issuer-key '$D/issuer.key' --serial '$DEMO_CARD' \
	        --counter 3 --action unlock -o '$D/unlock.pem' && uimkey lock apply '$D/unlock.pem'" || return 1
	demo_claim "(unlocked by its issuer, counter 3)" demo_has "unlocked by its issuer (counter 3)" || return 1
	demo_refused "the old lock token cannot be replayed" uimkey lock apply "$D/lock.pem" || return 1
	demo_new_pin "$D/pin1"
	demo_must "the owner unblocks the PIN with the PUK (uimkey pin unblock), setting a PIN" \
	    uimkey pin unblock --puk-file "$D/puk" --new-pin-file "$D/pin1" || return 1
	demo_refused "the card's policy (change_first) wants a PIN set with the PUK changed before use" \
	    uimkey pin verify --pin-file "$D/pin1" || return 1
	demo_new_pin "$D/pin2"
	demo_must "the owner changes it to a new PIN of their own (uimkey pin change)" \
	    uimkey pin change --pin-file "$D/pin1" --new-pin-file "$D/pin2" || return 1
	DEMO_PIN="$D/pin2"
	demo_must "the new PIN works" uimkey pin verify --pin-file "$DEMO_PIN" || return 1
	demo_tls 01 "$D/9a.crt" crl
	demo_claim "the card signs again, but the TLS server refuses the certificate on hold (alert: certificate revoked)" \
	    sh -c 'grep -q "verify error:num=23:certificate revoked" "$1" &&
	        printf "%s" "$2" | grep -q "alert certificate revoked" &&
	        ! printf "%s" "$2" | grep -q "HTTP/1.0 200 ok"' - "$D/server.log" "$out" || return 1
	# Lifting a hold: the CA's database entry goes back to valid (openssl
	# ca has no command for it), and the next CRL no longer lists it.
	old=$(demo_serial "$D/9a.crt")
	awk -F '\t' -v OFS='\t' -v s="$old" \
	    '$1 == "R" && $4 == s && $3 ~ /certificateHold/ { $1 = "V"; $3 = "" } { print }' \
	    "$D/ca/index.txt" > "$D/ca/index.new" && mv "$D/ca/index.new" "$D/ca/index.txt"
	demo_must "the CA lifts the hold (index.txt back to V) and issues a new CRL" demo_gencrl || return 1
	demo_run openssl crl -in "$D/ca/crl.pem" -noout -text
	demo_claim "the new CRL no longer lists serial $old" demo_lacks "Serial Number: $old" || return 1
	demo_tls 01 "$D/9a.crt" crl
	demo_claim "mutual TLS works again, the CRL checked: the server answers (HTTP/1.0 200 ok)" \
	    demo_has "HTTP/1.0 200 ok" "Client certificate" || return 1

	demo_say "renewal: a new key next to the old one, a new request and certificate, then the switch"
	demo_must "uimkey key generate --slot 82 --alg p256 (a retired slot holds the new key)" \
	    uimkey key generate --slot 82 --alg p256 --mgmt-key-file "$D/mgmt" -o "$D/new.pub" || return 1
	demo_must "uimkey request --slot 82 --attest: POP and attestation for the new key" \
	    uimkey request --slot 82 --subject "$DEMO_SUBJECT" --pin-file "$DEMO_PIN" \
	    --challenge-password-file "$D/cp" --attest --attestation-out "$D/new.chain" \
	    -o "$D/new.csr" || return 1
	demo_must "uimkey ra verify: the RA accepts it" \
	    uimkey ra verify "$D/new.csr" --attestation "$D/new.chain" \
	    --manufacturer-roots "$D/mca.crt" --challenge-password-file "$D/cp" || return 1
	demo_must "openssl ca issues the new certificate" \
	    demo_ca_issue "$D/new.csr" ext_9a "$D/new.crt" || return 1
	new=$(demo_serial "$D/new.crt")
	demo_must "the old 9A certificate and key are deleted; the new key moves to 9A, its certificate installed" \
	    sh -c "uimkey cert delete --slot 9a --mgmt-key-file '$D/mgmt' &&
	        uimkey key delete --slot 9a --mgmt-key-file '$D/mgmt' &&
	        uimkey key move --slot 82 --to 9a --mgmt-key-file '$D/mgmt' &&
	        uimkey cert import --slot 9a --mgmt-key-file '$D/mgmt' '$D/new.crt'" || return 1
	uimkey key attest --slot 9a -o "$D/9a.att" > /dev/null 2>&1
	demo_claim "9A now holds the new key (its attestation shows the new public key)" \
	    sh -c '[ "$(openssl x509 -in "$1" -pubkey -noout)" = "$(cat "$2")" ] &&
	        ! cmp -s "$2" "$3"' - "$D/9a.att" "$D/new.pub" "$D/9a.pub" || return 1
	demo_must "the CA revokes the old certificate (superseded) and issues a new CRL" \
	    sh -c "openssl ca -config '$D/ca/ca.cnf' -revoke '$D/9a.crt' -crl_reason superseded &&
	        openssl ca -config '$D/ca/ca.cnf' -gencrl -out '$D/ca/crl.pem'" || return 1
	demo_tls 01 "$D/new.crt" crl
	demo_claim "mutual TLS with the new key and certificate (serial $new), CRL checked: ok" \
	    demo_has "HTTP/1.0 200 ok" "Serial Number: $((0x$new)) (0x$(printf '%s' "$new" | tr 'A-F' 'a-f'))" || return 1
	demo_refused "the old certificate (serial $old) is refused now: revoked, superseded" \
	    openssl verify -crl_check -CAfile "$D/ca/ca.crt" -CRLfile "$D/ca/crl.pem" "$D/9a.crt" || return 1
	demo_claim "(certificate revoked)" demo_has "certificate revoked" || return 1
}

# ------------------------------------------------------------------ after

# demo_check_argv: no secret was on the command line of anything the steps
# ran through demo_run (demo.log keeps every command line).
demo_check_argv() {
	DEMO_CUR=after
	local f
	for f in pin0 pin pin1 pin2 puk mgmt cp; do
		[ -s "$DEMO_DIR/$f" ] || continue
		# (grep -f: the secret is not put on grep's own command line)
		if grep '^\$ ' "$DEMO_DIR/demo.log" | grep -qFf "$DEMO_DIR/$f"; then
			out="the secret in $f was on a command line"
			demo_bad "no PIN, PUK, management key or challenge password on any command line"
			return 1
		fi
	done
	demo_ok "no PIN, PUK, management key or challenge password on any command line"
}

# demo_check_gone: nothing a step started is still running (inside
# uimkey-env, whose /proc shows only its own processes).
demo_check_gone() {
	DEMO_CUR=after
	out=$(pgrep -ax openssl; pgrep -ax sshd; pgrep -ax ssh-agent)
	if [ -n "$out" ]; then
		demo_bad "no s_server, sshd or ssh-agent left running"
		return 1
	fi
	demo_ok "no s_server, sshd or ssh-agent left running"
}
