# SPDX-License-Identifier: BSD-2-Clause
# The issuer's key on another PKCS#11 token: `uimkey lock token
# --issuer-key pkcs11:...` loads the module the URI names (here OpenSC's,
# over a second card that plays the issuer's token), logs in with the PIN
# from pin-source or --pin-file, and signs with CKM_ECDSA (the key in 9C
# needs the PIN again for each signature: CKA_ALWAYS_AUTHENTICATE), and
# puts every signature in the low-S form the card takes.  The
# tokens lock and unlock the first card.  Wrong PINs, URIs that name no
# key or more than one token, and a key that is not the card's issuer are
# refused with their reason.
# cards: 2
. "$UIMKEY_TOP/tests/integration/lib.sh"

w=$(mktemp -d)
umask 077
OPENSC=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
[ -e "$OPENSC" ] || OPENSC=$(find /usr/lib -name opensc-pkcs11.so | head -n 1)
test_ca "$w"
printf '123456\n' > "$w/pin"
printf '999999\n' > "$w/wrong"
S0=$(uimkey list | sed -n "s/^$READER0: uimkey, serial \([0-9]*\),.*/\1/p")

# The issuer's token: a P-256 key made on card 1 in 9C, with a
# certificate so that OpenSC shows it.
piv1() { yubico-piv-tool -r "$READER1" "$@"; }
piv1 -a generate -s 9c -A ECCP256 -o "$w/issuer.pub" >/dev/null 2>&1
certify "$w" "$w/issuer.pub" "issuer lock key" "$w/issuer.crt"
run piv1 -a import-certificate -s 9c -i "$w/issuer.crt"
check "the issuer's key lives on another token (card 1, slot 9C)" test "$rc" -eq 0
printf '00112233445566778899AABBCCDDEEFF\n' > "$w/mgmt"
uimkey mgmt set --reader "$READER0" --alg aes128 \
    --new-mgmt-key-file "$w/mgmt" >/dev/null
run uimkey lock install --reader "$READER0" --issuer-pub "$w/issuer.pub" \
    --counter 10 --mgmt-key-file "$w/mgmt"
check "card 0 is bound to that key" has "start counter 10"

slot="slot-description=uimkey%20PCD%2000%2001"
uri="pkcs11:$slot;id=%02?module-path=$OPENSC&pin-source=file:$w/pin"
run uimkey lock token --issuer-key "$uri" --serial "$S0" --counter 11 \
    --action lock --issuer-pub "$w/issuer.pub" -o "$w/lock.pem"
check "lock token signed on the PKCS#11 token (pin-source), checked with --issuer-pub" \
    test "$rc" -eq 0
run uimkey lock apply --reader "$READER0" "$w/lock.pem"
check "the token locks card 0" has "LOCKED BY ISSUER (counter 11)"
run uimkey lock token --issuer-key "pkcs11:$slot;object=SIGN%20key;type=private?module-path=$OPENSC" \
    --pin-file "$w/pin" --serial "$S0" --counter 12 --action unlock -o "$w/unlock.der" --der
check "an unlock token, the key named by its label, the PIN from --pin-file" \
    test "$rc" -eq 0
run uimkey lock apply --reader "$READER0" "$w/unlock.der"
check "it unlocks card 0" has "unlocked by its issuer (counter 12)"
# Low S: the token's card signs deterministically (RFC 6979), s > n/2
# about half the time; every token must carry s <= n/2, the only form
# card 0 takes.
low_s() {       # low_s TOKEN.der: exit 0 when its signature's s <= n/2
	/usr/bin/python3 - "$1" <<'EOF'
import sys
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
d = open(sys.argv[1], 'rb').read()
i = 0
while d[i] != 4:
    i += 2 + d[i + 1]
r, s = decode_dss_signature(d[i + 2:i + 2 + d[i + 1]])
sys.exit(0 if s <= N // 2 else 1)
EOF
}
n=0
for c in 20 21 22 23 24 25 26 27; do
	uimkey lock token --issuer-key "$uri" --serial "$S0" --counter $c \
	    --action lock --der -o "$w/ls$c.der" >/dev/null 2>&1 &&
	    low_s "$w/ls$c.der" && n=$((n + 1))
done
check "8 tokens signed on the PKCS#11 token: every signature low-S" test "$n" -eq 8

# --- refusals
run uimkey lock token --issuer-key "pkcs11:$slot;id=%02?module-path=$OPENSC" \
    --pin-file "$w/wrong" --serial "$S0" --counter 13 --action lock -o "$w/x"
check "a wrong PIN of the issuer's token" sh -c \
    "[ $rc -eq 1 ] && [ ! -e $w/x ] && printf '%s' \"\$0\" | grep -q 'C_Login: CKR_PIN_INCORRECT'" "$out"
run uimkey lock token --issuer-key "pkcs11:$slot;id=%07?module-path=$OPENSC" \
    --pin-file "$w/pin" --serial "$S0" --counter 13 --action lock -o "$w/x"
check "a URI that names no key" has "no EC private key on the token matches"
run uimkey lock token --issuer-key "pkcs11:model=PKCS%2315%20emulated;id=%02?module-path=$OPENSC" \
    --pin-file "$w/pin" --serial "$S0" --counter 13 --action lock -o "$w/x"
check "a URI that matches both tokens" has "2 tokens match the PKCS#11 URI"
run uimkey lock token --issuer-key "pkcs11:$slot;id=%02?module-path=/nonexistent/module.so" \
    --pin-file "$w/pin" --serial "$S0" --counter 13 --action lock -o "$w/x"
check "a module that cannot be loaded" has "cannot load the PKCS#11 module"
run uimkey lock token --issuer-key "pkcs11:$slot;colour=red?module-path=$OPENSC" \
    --serial "$S0" --counter 13 --action lock -o "$w/x"
check "an attribute uimkey does not know" sh -c \
    "[ $rc -eq 2 ] && printf '%s' \"\$0\" | grep -q \"'colour' is not an attribute\"" "$out"

# A key on the token that is not the card's issuer key (9A of card 1).
piv1 -a generate -s 9a -A ECCP256 -o "$w/9a.pub" >/dev/null 2>&1
certify "$w" "$w/9a.pub" "another key" "$w/9a.crt"
piv1 -a import-certificate -s 9a -i "$w/9a.crt" >/dev/null 2>&1
run uimkey lock token --issuer-key "pkcs11:$slot;id=%01?module-path=$OPENSC" \
    --pin-file "$w/pin" --serial "$S0" --counter 13 --action lock \
    --issuer-pub "$w/issuer.pub" -o "$w/x"
check "--issuer-pub catches a token key that is not the issuer's" has "does not verify"
run uimkey lock token --issuer-key "pkcs11:$slot;id=%01?module-path=$OPENSC" \
    --pin-file "$w/pin" --serial "$S0" --counter 13 --action lock -o "$w/other.pem"
run uimkey lock apply --reader "$READER0" "$w/other.pem"
check "and card 0 refuses a token signed by it" has "bad signature"
run uimkey lock status --reader "$READER0"
check "card 0 is unlocked at counter 12" has "not locked, counter 12"
rm -rf "$w"
