# SPDX-License-Identifier: BSD-2-Clause
# Sourced by 53-store-scan.sh and 54-store-forgery.sh after lib.sh: a
# card holding known secrets, and the store's layout.
#   store_layout DIR     DIR/layout: store_offsets.c's NAME=VALUE lines,
#                        compiled against the card's headers; they are
#                        also set as shell variables
#   store_start DIR      store_layout DIR (checked), then card 0
#                        started again with a fault file (kill_in); its
#                        status that of card-start
#   populate DIR         card 0 personalized (known PIN, PUK, AES-256
#                        management key, issuer key, attestation CA),
#                        then known keys imported into every slot kind
#                        (see SLOTS) and used; DIR/secrets gets a
#                        "NAME HEX" line for each secret
#   add_key DIR SLOT ALG POLICY  one more key made by openssl, imported
#                        (its secrets appended to DIR/secrets)
#   kill_in SPEC CMD...  the card told to kill itself in a store sync
#                        (vsmartcard/store_fault.h: SPEC is kill:N),
#                        then CMD run; returns when the card is gone
#                        and pcscd has seen it go

SCAN="$UIMKEY_TOP/tests/integration/store_scan.py"
# The PIN has 6 digits: the card pads it to 8 bytes with FF, which is
# what is searched (its digits alone would match the decimal timestamps
# of pcscd's log, in the same directory, now and then).
PIN=405871
PUK=72946153
# slot, algorithm, PIN policy; 9c and 9a are used after VERIFY (their
# records go from sealed to under KP), 85 and 95 stay sealed.
SLOTS="9a:p256:once 9c:p384:always 9d:rsa2048:never 9e:p256:never
85:rsa2048:once 8c:p384:never 95:p256:always"

store_layout() {
	${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$UIMKEY_TOP" \
	    -I"$UIMKEY_TOP/card/include" -I"$UIMKEY_TOP/card/api" \
	    -I"$UIMKEY_TOP/include/uimkey" -I"$UIMKEY_TOP/codec/include" \
	    "$UIMKEY_TOP/tests/integration/store_offsets.c" -o "$1/offsets" &&
	    "$1/offsets" > "$1/layout" && . "$1/layout"
}

store_start() {
	store_layout "$1"
	check "the store's layout, from the card's headers (store_offsets.c)" \
	    test "${UK_RECS_END:-0}" -gt 0
	# The card takes the fault file from its environment: start it again.
	export UIMKEY_CARD_FAULT_FILE="$UIMKEY_ENV_DIR/card0.fault"
	uimkey-env card-stop 0 >/dev/null
	uimkey-env card-start 0 >/dev/null
}

# hexof TEXT: TEXT's bytes in uppercase hex.
hexof() {
	printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F
}

# secret_parts KEY.pem: "PART HEX" for each private element of the key
# (as lib.sh's secret_hex, with its openssl name).
secret_parts() {
	openssl pkey -in "$1" -noout -text 2>/dev/null | awk '
	    /^[a-zA-Z]/ { name = $1; sub(/:$/, "", name); next }
	    /^ / { if (name ~ /^(priv|privateExponent|prime1|prime2|exponent1|exponent2|coefficient)$/) {
	        gsub(/[ :]/, ""); parts[name] = parts[name] $0 } }
	    END { for (n in parts) print n, toupper(parts[n]) }' |
	    sed 's/ 00/ /'
}

add_key() {
	case $3 in
	p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$1/$2.key" 2>/dev/null ;;
	p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 \
	    -out "$1/$2.key" 2>/dev/null ;;
	rsa2048) openssl genpkey -algorithm RSA \
	    -pkeyopt rsa_keygen_bits:2048 -out "$1/$2.key" 2>/dev/null ;;
	esac
	openssl pkey -in "$1/$2.key" -pubout -out "$1/$2.pub"
	secret_parts "$1/$2.key" | sed "s/^/key-$2-$3-$4-/" >> "$1/secrets"
	uimkey key import --slot "$2" --key-file "$1/$2.key" \
	    --pin-policy "$4" --mgmt-key-file "$1/mgmt" 2>&1
}

populate() {
	w=$1
	printf '%s\n' "$PIN" > "$w/pin"
	printf '%s\n' "$PUK" > "$w/puk"
	od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$w/mgmt"
	echo >> "$w/mgmt"
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$w/issuer.key" 2>/dev/null
	openssl pkey -in "$w/issuer.key" -pubout -out "$w/issuer.pub"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$w/mca.key" -out "$w/mca.crt" -days 30 \
	    -subj "/CN=uimkey test manufacturer CA" 2>/dev/null
	cat > "$w/profile.json" <<'EOF'
{
  "version": 1,
  "credentials": {
    "pin": {"file": "pin"}, "puk": {"file": "puk"},
    "management_key": {"alg": "aes256", "key": {"file": "mgmt"}},
    "pin_retries": 5, "puk_retries": 4
  },
  "issuer": {"public_key": "issuer.pub", "counter": 7},
  "attestation": {"ca_key": "mca.key", "ca_cert": "mca.crt"}
}
EOF
	run uimkey personalize --profile "$w/profile.json"
	check "personalized: PIN, PUK, AES-256 management key, issuer key, \
attestation CA" test "$rc" -eq 0
	{
		echo "PIN-as-stored $(hexof "$PIN")FFFF"
		echo "PUK $(hexof "$PUK")"
		echo "management-key $(tr a-f A-F < "$w/mgmt")"
		# Not a secret, but in the store only as ciphertext.
		echo "issuer-public-key $(openssl pkey -pubin -in "$w/issuer.pub" \
		    -outform DER | tail -c 64 | od -An -tx1 | tr -d ' \n')"
	} > "$w/secrets"
	n=0
	for s in $SLOTS; do
		IFS=: read -r slot alg pol <<EOF
$s
EOF
		add_key "$w" "$slot" "$alg" "$pol" > "$w/import.out" &&
		    n=$((n + 1))
		cat "$w/import.out"
	done
	check "$n keys imported (9a 9c 9d 9e, retired 85 8c 95; P-256, \
P-384, RSA-2048; PIN policy never, once, always)" test "$n" -eq 7
	ok=0
	for slot in 9a 9c; do
		uimkey request --slot $slot --subject CN=scan --pin-file \
		    "$w/pin" -o "$w/$slot.csr" 2>&1 && ok=$((ok + 1))
	done
	check "9a (once) and 9c (always) sign after VERIFY" test "$ok" -eq 2
}

kill_in() {
	spec=$1
	shift
	printf '%s\n' "$spec" > "$UIMKEY_CARD_FAULT_FILE"
	"$@" 2>&1
	# card-stop waits until pcscd has seen the dead card go: one
	# started before that would not be powered on.
	uimkey-env card-stop 0 >/dev/null
}
