# SPDX-License-Identifier: BSD-2-Clause
# Shared by the integration tests; sourced inside uimkey-env.
# check NAME CMD...: runs CMD, prints "ok - NAME" or "not ok - NAME".
# Output of the last command run by check/run is in $out.

MODULE="$UIMKEY_BUILD/lib/uimkey-pkcs11.so"
READER0="uimkey PCD 00 00"
READER1="uimkey PCD 00 01"

check() {
	name=$1
	shift
	if "$@"; then
		echo "ok - $name"
	else
		echo "not ok - $name"
	fi
}

# run CMD...: run it, keep its output in $out, echo it for the log.
run() {
	out=$("$@" 2>&1)
	rc=$?
	printf '$ %s\n%s\n' "$*" "$out"
	return $rc
}

# not CMD...: succeeds when CMD fails.
not() {
	! "$@"
}

# has TEXT: the last output contains TEXT.
has() {
	case "$out" in *"$1"*) return 0 ;; esac
	echo "# expected output to contain: $1"
	return 1
}

# p11tool ARGS...: pkcs11-tool with our module (and ASan runtime if needed).
p11tool() {
	LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
	    pkcs11-tool --module "$MODULE" "$@"
}

# py SCRIPT ARGS...: Debian's python3 (for python3-pykcs11), with the ASan
# runtime when the module is sanitized; PyKCS11 is C++, and under ASan its
# exceptions need libstdc++ loaded first.  Scripts import p11check.py from
# this directory.
py() {
	LD_PRELOAD="$UIMKEY_PRELOAD${UIMKEY_PRELOAD:+ /usr/lib/x86_64-linux-gnu/libstdc++.so.6}" \
	    ASAN_OPTIONS=detect_leaks=0 PYTHONPATH="$UIMKEY_TOP/tests/integration" \
	    /usr/bin/python3 "$@"
}

# test_ca DIR: a throwaway CA in DIR (ca.key, ca.crt) to certify card keys.
test_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$1/ca.key" -out "$1/ca.crt" -subj "/CN=uimkey test CA" \
	    -days 30 2>/dev/null
}

# certify DIR PUBKEY.pem CN OUT.crt: a certificate from the test CA for a
# public key whose private half lives on the card.  (yubico-piv-tool 2.2's
# selfsign-certificate is broken with OpenSSL 3, an upstream bug:
# https://github.com/Yubico/yubico-piv-tool/issues/388.)
certify() {
	openssl req -new -key "$1/ca.key" -subj "/CN=$3" 2>/dev/null |
	    openssl x509 -req -CA "$1/ca.crt" -CAkey "$1/ca.key" \
	    -force_pubkey "$2" -days 30 -set_serial "0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" \
	    -out "$4" 2>/dev/null
}

# secret_hex KEY.pem: the private parts of a key (EC: priv; RSA: private
# exponent, primes, CRT values), one uppercase hex string per line.
secret_hex() {
	openssl pkey -in "$1" -noout -text 2>/dev/null | awk '
	    /^[a-zA-Z]/ { name = $1; next }
	    /^ / { if (name ~ /^(priv|privateExponent|prime1|prime2|exponent1|exponent2|coefficient):?$/) {
	        gsub(/[ :]/, ""); parts[name] = parts[name] $0 } }
	    END { for (n in parts) print toupper(parts[n]) }' |
	    sed 's/^00//'
}

# leaks_key KEY.pem [LOG]: 0 when some 16-byte piece of a private part of
# the key appears in a response the card sent (uimkey-env --response-log).
leaks_key() {
	log=${2:-$UIMKEY_ENV_DIR/card0.responses}
	[ -s "$log" ] || { echo "# no response log"; return 0; }
	for h in $(secret_hex "$1"); do
		i=0
		while [ $((i + 32)) -le ${#h} ]; do
			piece=$(printf '%s' "$h" | cut -c $((i + 1))-$((i + 32)))
			grep -qF "$piece" "$log" && return 0
			i=$((i + 16))
		done
	done
	return 1
}

# card_use STORE [SAVE]: uimkey-env's card 0 started again on copies of
# STORE and its .key and .counter; with SAVE, the card's own three files
# are moved to SAVE, SAVE.key and SAVE.counter first (card_restore SAVE
# puts them back).
card_use() {
	uimkey-env card-stop 0 >/dev/null
	for x in "" .key .counter; do
		if [ -n "${2:-}" ]; then
			mv "$UIMKEY_ENV_DIR/card0.store$x" "$2$x"
		fi
		cp "$1$x" "$UIMKEY_ENV_DIR/card0.store$x"
	done
	uimkey-env card-start 0 >/dev/null
}

# card_restore SAVE: card 0 started again on the files card_use saved.
card_restore() {
	uimkey-env card-stop 0 >/dev/null
	for x in "" .key .counter; do
		mv "$1$x" "$UIMKEY_ENV_DIR/card0.store$x"
	done
	uimkey-env card-start 0 >/dev/null
}

# signs_as SLOT PIN_FILE PUB DIR: the key in SLOT signs a request
# (DIR/SLOT.csr) whose signature holds with the public key in PUB, the
# one it had before (an upgrade, a move of its store).
signs_as() {
	run uimkey request --slot "$1" --subject CN=upgraded \
	    --pin-file "$2" -o "$4/$1.csr"
	check "the $1 key signs a request" test "$rc" -eq 0
	check "whose signature holds, with the public key it had before" \
	    sh -c "openssl req -in '$4/$1.csr' -verify -noout &&
	    openssl req -in '$4/$1.csr' -pubkey -noout | cmp -s - '$3'"
}
