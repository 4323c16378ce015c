# SPDX-License-Identifier: BSD-2-Clause
# What crosses the vpcd link, captured with tcpdump on the private
# stack's loopback: a VERIFY and a signature in the clear show the PIN
# (so the scan sees what travels), the same in a secure-messaging
# session (63-sm-link.py, a host side written with python3-cryptography)
# shows neither the PIN nor an ECDH result, while the card's CVC, sent in
# the clear, is there.  The session's checks: the CVC against the
# card's 5FC122 certificate, the cryptogram, another program on the
# channel in the clear and replaying.  Then uimkey's module and CLI,
# which set up their sessions through libuimkey: a login and a
# signature, a PIN change, a key import and a new management key leave
# none of those secrets on the link.
. "$UIMKEY_TOP/tests/integration/lib.sh"

piv() { yubico-piv-tool -r "$READER0" "$@"; }
w=$(mktemp -d)
cap=
trap '[ -n "$cap" ] && kill "$cap" 2>/dev/null; rm -rf "$w"' EXIT

# capture FILE: tcpdump on lo into FILE, returning once it listens.
# Immediate mode: each packet is written as it comes, not when a buffer
# fills or times out, so that stopping loses none.
capture() {
	tcpdump -i lo -U --immediate-mode -n -w "$1" > "$1.log" 2>&1 &
	cap=$!
	for _ in $(seq 50); do
		grep -q "listening on" "$1.log" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

stop_capture() {
	sleep 0.3
	kill -INT "$cap"
	wait "$cap"
	cap=
}

# holds FILE HEX: the bytes HEX are somewhere in FILE.
holds() {
	/usr/bin/python3 -c 'import sys
sys.exit(0 if bytes.fromhex(sys.argv[2]) in open(sys.argv[1], "rb").read()
    else 1)' "$1" "$2"
}

# holds_none FILE HEX...: none of them is.
holds_none() {
	f=$1
	shift
	for h; do
		holds "$f" "$h" && return 1
	done
	return 0
}

for s in 9a 9d; do
	piv -a generate -s $s -A ECCP256 -o "$w/$s.pem" >/dev/null 2>&1
	openssl pkey -pubin -in "$w/$s.pem" -outform DER -out "$w/$s.der"
	check "a P-256 key in $s" test -s "$w/$s.der"
done

check "tcpdump listens on the private loopback" capture "$w/plain.pcap"
py "$UIMKEY_TOP/tests/integration/63-sm-link.py" plain "$READER0"
check "the control run finished" test $? -eq 0
stop_capture
check "control: the PIN is in the capture of the clear run" \
    holds "$w/plain.pcap" 313233343536ffff

check "tcpdump listens again" capture "$w/sm.pcap"
py "$UIMKEY_TOP/tests/integration/63-sm-link.py" sm "$READER0" \
    "$w/9a.der" "$w/9d.der" "$w/secrets"
check "the session's checks finished" test $? -eq 0
stop_capture
{ read -r pin; read -r ecdh; read -r cvc; } < "$w/secrets"
check "the session's capture holds the CVC, which travels in the clear" \
    holds "$w/sm.pcap" "$cvc"
check "...and not the PIN" not holds "$w/sm.pcap" "$pin"
check "...nor the ECDH result" not holds "$w/sm.pcap" "$ecdh"

# uimkey's own module and CLI set up their sessions themselves: the
# module logs in and signs, the CLI changes the PIN, imports a private
# key and sets a new management key, all under one capture.
printf '123456\n' > "$w/pin"
printf '749263\n' > "$w/pin2"
printf '010203040506070801020304050607080102030405060708\n' > "$w/mgmt0"
printf '00112233445566778899AABBCCDDEEFF\n' > "$w/mgmt1"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$w/ec.key" 2>/dev/null
d=$(/usr/bin/python3 -c 'import sys
from cryptography.hazmat.primitives import serialization as s
k = s.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
print("%064x" % k.private_numbers().private_value)' "$w/ec.key")
check "the key to import and its scalar (32 bytes)" test ${#d} -eq 64
head -c 64 /dev/urandom > "$w/data"
check "tcpdump listens for the module and the CLI" capture "$w/cli.pcap"
run p11tool --login --pin 123456 --sign --id 01 -m ECDSA -i "$w/data" \
    -o "$w/sig"
check "the module logs in and signs" test "$rc" -eq 0
run uimkey pin change --pin-file "$w/pin" --new-pin-file "$w/pin2"
check "uimkey pin change" has "PIN changed"
run uimkey key import --slot 85 --key-file "$w/ec.key" --pin-policy never \
    --mgmt-key-file "$w/mgmt0"
check "uimkey key import" test "$rc" -eq 0
run uimkey mgmt set --alg aes128 --new-mgmt-key-file "$w/mgmt1" \
    --mgmt-key-file "$w/mgmt0"
check "uimkey mgmt set" test "$rc" -eq 0
stop_capture
check "their capture holds the card's CVC: they set up sessions" \
    holds "$w/cli.pcap" "$cvc"
check "...and neither the old PIN nor the new one" holds_none \
    "$w/cli.pcap" 313233343536ffff 373439323633ffff
check "...nor the imported private key" holds_none "$w/cli.pcap" "$d"
check "...nor the new management key" holds_none "$w/cli.pcap" \
    00112233445566778899aabbccddeeff
run uimkey info
check "uimkey info: the link is a session, and the card certificate's id" \
    has "link:           secure messaging, card certificate $(
    /usr/bin/python3 -c 'import hashlib, sys
print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest()[:16])' "$cvc")"
run env UIMKEY_SECURE_MESSAGING=off uimkey info
check "...and in the clear with UIMKEY_SECURE_MESSAGING=off" \
    has "link:           in the clear"
