# SPDX-License-Identifier: BSD-2-Clause
# What crosses the vpcd link, captured with tcpdump on the private
# stack's loopback: a VERIFY and a signature in the clear show the PIN
# (so the scan sees what travels), the same in a secure-messaging
# session (63-sm-link.py, a host side written with python3-cryptography)
# shows neither the PIN nor an ECDH result, while the card's CVC, sent in
# the clear, is there.  The session's checks: the CVC against the
# card's 5FC122 certificate, the cryptogram, another program on the
# channel in the clear and replaying.
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
