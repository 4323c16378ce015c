# SPDX-License-Identifier: BSD-2-Clause
# The uimkey command line refuses bad input clearly and changes nothing
# on the card when it refuses: unknown commands and options (there is no
# option that takes a secret), wrong slot and algorithm names, missing or
# unreadable files, malformed objects, a wrong PIN (with the tries left),
# a blocked PIN, a wrong management key, a missing card.  With two cards,
# --reader and --serial choose one.
# cards: 2
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
printf '123456\n' > "$w/pin"
printf '000000\n' > "$w/wrong"
printf '12345678\n' > "$w/puk"
state() { uimkey info --json --reader "$READER0"; }
state > "$w/state0"
serial0=$(uimkey list | sed -n "s/^$READER0: uimkey, serial \([0-9]*\),.*/\1/p")
serial1=$(uimkey list | sed -n "s/^$READER1: uimkey, serial \([0-9]*\),.*/\1/p")
check "two cards with their serials" test -n "$serial0" -a -n "$serial1"

# usage CODE TEXT CMD...: CMD exits CODE and says TEXT.
usage() {
	code=$1 text=$2
	shift 2
	run "$@"
	[ "$rc" -eq "$code" ] && has "$text"
}

# --- the command line itself (exit 2)
check "an unknown command" usage 2 "unknown command 'frob'" uimkey frob
check "an unknown subcommand" usage 2 "unknown command 'key frob'" uimkey key frob
check "a group without its subcommand" usage 2 "'pin' needs a subcommand" uimkey pin
check "no option takes a PIN on the command line" \
    usage 2 "unknown option '--pin'" uimkey pin verify --pin "$w/pin"
check "an option of another command" \
    usage 2 "unknown option '--subject'" uimkey key generate --subject CN=x
check "an option without its value" \
    usage 2 "option '--slot' needs a value" uimkey key generate --slot
check "an extra argument" usage 2 "unexpected argument 'extra'" uimkey info extra
check "a slot that does not exist" usage 2 "'9b' is not a slot" \
    uimkey key generate --slot 9b --alg p256
check "F9 is not a slot to generate in" usage 2 "'f9' is not a slot" \
    uimkey key generate --slot f9 --alg p256
check "a missing --slot" usage 2 "--slot SLOT is required" uimkey key attest
check "an algorithm the card does not offer" usage 2 "--alg must be p256" \
    uimkey key generate --slot 9a --alg rsa1024
check "a PIN policy that does not exist" usage 2 "--pin-policy must be never" \
    uimkey key generate --slot 9a --alg p256 --pin-policy sometimes
check "a subject with an unknown attribute" usage 2 "unknown attribute 'XX'" \
    uimkey request --slot 9a --subject "CN=a,XX=b"
check "a country that is not two letters" usage 2 "C needs a value of two letters" \
    uimkey request --slot 9a --subject "CN=a,C=JPN"
check "--attest without --attestation-out" usage 2 "go together" \
    uimkey request --slot 9a --subject CN=a --attest
check "--help names the options" usage 0 "--pin-file" uimkey pin verify --help

# --- files: missing, unreadable, malformed
check "a PIN file that does not exist (exit 2)" usage 2 "cannot read the PIN from" \
    uimkey pin verify --pin-file "$w/nope"
printf '123456\n654321\n' > "$w/twolines"
check "a PIN file of two lines (exit 2)" usage 2 "must hold the PIN on one line" \
    uimkey pin verify --pin-file "$w/twolines"
run sh -c "uimkey pin verify < /dev/null"
check "no PIN file and no terminal: says which option to use" \
    has "no PIN given: use --pin-file FILE"
printf '12345\n' > "$w/short"
check "a PIN of 5 characters is refused before the card sees it" \
    usage 2 "a PIN has 6 to 8 characters" uimkey pin verify --pin-file "$w/short"
printf 'not a certificate\n' > "$w/junk"
check "cert import of a file that is not a certificate" \
    usage 2 "is not one X.509 certificate" uimkey cert import --slot 9a "$w/junk"
check "cert import of a missing file" usage 2 "cannot open" \
    uimkey cert import --slot 9a "$w/nope.crt"
check "key import of a file that is not a key" \
    usage 2 "is not an unencrypted RSA or EC private key" \
    uimkey key import --slot 9a --key-file "$w/junk"
printf 'secret-pass\n' > "$w/pass"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-128-cbc \
    -pass "file:$w/pass" -out "$w/enc.key" 2>/dev/null
check "key import of an encrypted key" \
    usage 2 "is not an unencrypted RSA or EC private key" \
    uimkey key import --slot 9a --key-file "$w/enc.key"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$w/p521.key" 2>/dev/null
check "key import of a curve the card does not take" \
    usage 2 "a key the card does not take" \
    uimkey key import --slot 9a --key-file "$w/p521.key"

# --- the card refuses, and says why
check "request on an empty slot" usage 1 "slot 9d is empty: generate a key first" \
    uimkey request --slot 9d --subject CN=a --pin-file "$w/pin"
check "attest an empty slot" usage 1 "the slot is empty" uimkey key attest --slot 9c
check "export a certificate that is not there" usage 1 "slot 9a has no certificate" \
    uimkey cert export --slot 9a
printf '0102030405060708010203040506070801020304050607FF\n' > "$w/badkey"
check "a wrong management key" usage 1 "wrong management key" \
    uimkey key generate --slot 9a --alg p256 --mgmt-key-file "$w/badkey"
printf 'zz\n' > "$w/nothex"
check "a management key that is not hex (exit 2)" usage 2 "16, 24 or 32 bytes in hex" \
    uimkey key generate --slot 9a --alg p256 --mgmt-key-file "$w/nothex"
check "an output file that cannot be written: refused before the card" \
    usage 1 "cannot write" uimkey key generate --slot 9a --alg p256 -o "$w/no/dir/9a.pem"
check "reset while the PIN works" usage 1 "only when the PIN and the PUK are both blocked" \
    uimkey reset
state > "$w/state1"
check "none of the refusals changed the card" cmp -s "$w/state0" "$w/state1"

# --- choosing the card
run uimkey info --serial "$serial1"
check "--serial picks the second card" has "serial $serial1"
run uimkey info --reader "$READER1"
check "--reader picks the second card" has "reader:         $READER1"
check "--serial of no card present" usage 1 "no card with serial 1" \
    uimkey info --serial 1
check "--serial that is not a number" usage 1 "is not a serial number" \
    uimkey info --serial abc
check "--reader of no such reader" usage 1 "no such reader" \
    uimkey info --reader "no such reader"
check "--reader and --serial that disagree" usage 1 "no card with serial $serial0" \
    uimkey info --reader "$READER1" --serial "$serial0"
uimkey key generate --serial "$serial1" --slot 9e --alg p256 -o "$w/c1.pub" 2>/dev/null
run uimkey info --json --serial "$serial1"
check "a key generated with --serial lands on that card" has '"slot": "9e"'
state > "$w/state2"
check "... and not on the other" cmp -s "$w/state0" "$w/state2"

# --- a missing card
uimkey-env card-stop 0 >/dev/null
uimkey-env card-stop 1 >/dev/null
check "no card in any reader" usage 1 "no card" uimkey info
check "no card: key generate changes nothing and says so" usage 1 "no card" \
    uimkey key generate --slot 9a --alg p256
uimkey-env card-start 0 >/dev/null
uimkey-env card-start 1 >/dev/null
uimkey-wait --timeout 10 >/dev/null 2>&1
state > "$w/state3"
check "the card is as it was after coming back" cmp -s "$w/state0" "$w/state3"

# --- a wrong PIN shows the tries left; a blocked PIN says what to do
uimkey key generate --slot 9a --alg p256 -o "$w/9a.pub" --reader "$READER0" 2>/dev/null
r0() { "$@" --reader "$READER0"; }
check "a wrong PIN: 2 tries left (exit 1)" usage 1 "wrong PIN, 2 tries left" \
    r0 uimkey pin verify --pin-file "$w/wrong"
check "another wrong PIN: 1 try left" usage 1 "wrong PIN, 1 try left" \
    r0 uimkey pin verify --pin-file "$w/wrong"
check "the right PIN gives the tries back" usage 0 "PIN verified" \
    r0 uimkey pin verify --pin-file "$w/pin"
run r0 uimkey pin retries
check "... all 3 of them" has "PIN: 3 of 3 tries left"
for i in 1 2 3; do r0 uimkey pin verify --pin-file "$w/wrong" >/dev/null 2>&1; done
check "a blocked PIN: the request says to unblock it" \
    usage 1 "the PIN is blocked, 0 tries left; unblock it with the PUK" \
    r0 uimkey request --slot 9a --subject CN=a --pin-file "$w/pin"
run r0 uimkey info
check "info warns that the PIN is blocked" has "WARNING: the PIN is blocked"
printf '31415926\n' > "$w/newpin"
check "the PUK unblocks it" usage 0 "PIN unblocked" \
    r0 uimkey pin unblock --puk-file "$w/puk" --new-pin-file "$w/newpin"
check "and the request works again" usage 0 "BEGIN CERTIFICATE REQUEST" \
    r0 uimkey request --slot 9a --subject CN=a --pin-file "$w/newpin"
rm -rf "$w"
