# SPDX-License-Identifier: BSD-2-Clause
# Logical channels through the real stack: raw PC/SC clients and the
# module on one card (62-channels.py), then uimkey's module in 8
# processes with OpenSC's PIV driver, and with yubico-piv-tool, using the
# card at the same time, every signature checked.
. "$UIMKEY_TOP/tests/integration/lib.sh"

OPENSC=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
[ -e "$OPENSC" ] || OPENSC=$(find /usr/lib -name opensc-pkcs11.so | head -n 1)
piv() { yubico-piv-tool -r "$READER0" "$@"; }
osc() { pkcs11-tool --module "$OPENSC" "$@"; }
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

test_ca "$w"
for spec in "9a ECCP256" "9c ECCP256" "9d RSA2048"; do
	set -- $spec
	piv -a generate -s $1 -A $2 -o "$w/$1.pem" >/dev/null 2>&1
	certify "$w" "$w/$1.pem" "channels $1" "$w/$1.crt"
	run piv -a import-certificate -s $1 -i "$w/$1.crt"
	check "$2 key and certificate in $1" test "$rc" -eq 0
done
openssl pkey -pubin -in "$w/9a.pem" -outform DER -out "$w/9a.der"

py "$UIMKEY_TOP/tests/integration/62-channels.py" "$MODULE" "$READER0" \
    "$w/9a.der"
check "the channel checks ran to their end" test $? -eq 0

# Everybody at once: 8 module processes (PIN-once, PIN-always and RSA
# keys, every signature verified) and OpenSC's module signing on the
# basic channel meanwhile.
bin="$UIMKEY_BUILD/stress/p11_stress"
n=${UIMKEY_CONC_SIGS:-1000}
[ -n "${UIMKEY_SANITIZE:-}" ] && n=${UIMKEY_CONC_SIGS:-300}
m=$((n / 2))
LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    timeout -k 5 $((150 + m / 4)) "$bin" --module "$MODULE" --pin 123456 \
    --reader "$READER0" --ids 01,02,03 --deadline $((140 + m / 4)) \
    --sigs "$m" --procs 8 > "$w/stress.log" 2>&1 &
stress=$!
head -c 1000 /dev/urandom > "$w/data"
osc_ok=0 rounds=10
i=0
while [ $i -lt $rounds ]; do
	if osc --login --pin 123456 --sign -m ECDSA-SHA256 \
	    --id 01 --signature-format openssl -i "$w/data" -o "$w/sig" \
	    >"$w/osc.log" 2>&1 &&
	    openssl dgst -sha256 -verify "$w/9a.pem" -signature "$w/sig" \
	    "$w/data" >/dev/null 2>&1; then
		osc_ok=$((osc_ok + 1))
	else
		cat "$w/osc.log"
	fi
	i=$((i + 1))
done
wait $stress
src=$?
cat "$w/stress.log"
check "8 module processes: every signature verified (status $src)" \
    test "$src" -eq 0
check "OpenSC signed $osc_ok of $rounds times meanwhile, each verified" \
    test "$osc_ok" -eq "$rounds"

# yubico-piv-tool in a loop under 8 module processes: it resets the card
# each time it leaves (SCARD_RESET_CARD), and every process takes its
# channel and login back without an error.  8,000 signatures: unhandled,
# pcscd's reset race (SCARD_E_PROTO_MISMATCH, host/transport/pcsc_io.c)
# fails 1 to 9 of them on a 2-CPU machine.
LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
    timeout -k 5 $((150 + n / 2)) "$bin" --module "$MODULE" --pin 123456 \
    --reader "$READER0" --ids 01,02,03 --deadline $((140 + n / 2)) \
    --sigs "$n" --procs 8 > "$w/stress.log" 2>&1 &
stress=$!
while kill -0 "$stress" 2>/dev/null; do
	if piv -a status >/dev/null 2>"$w/piv.err"; then
		echo ok
	else
		cat "$w/piv.err" >&2
		echo failed
	fi
done > "$w/piv.log"
wait $stress
src=$?
cat "$w/stress.log"
piv_ok=$(grep -c '^ok' "$w/piv.log")
piv_all=$(wc -l < "$w/piv.log")
check "8 module processes under yubico-piv-tool's resets: every signature verified (status $src)" \
    test "$src" -eq 0
check "yubico-piv-tool read the card $piv_ok of $piv_all times meanwhile" \
    test "$piv_ok" -ge 1 -a "$piv_ok" -eq "$piv_all"

# yubico-piv-tool between a module session's signatures: its login and
# its reset as it leaves (SCARD_RESET_CARD) cost the session nothing.
py "$UIMKEY_TOP/tests/integration/62-channels.py" --between "$MODULE" \
    "$READER0" "$w/9a.der" "$w/9a.crt"
check "the module session and yubico-piv-tool took turns to their end" \
    test $? -eq 0
