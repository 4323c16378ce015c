#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The layers' boundaries, checked.  The include path of each folder is its
# rule (Makefile, INC_*); this proves the rule holds, in two parts:
#  1. no product file names a header by a relative path ("../x.h"), the
#     one way around an include path;
#  2. probes: a header each folder must not reach is refused by that
#     folder's flags, and one it may reach is accepted (so that a probe can
#     fail).
# Run by make (layering); the flags come from the environment:
#   CC, CFLAGS, INC_CODEC, INC_CARD, INC_TRANSPORT, INC_PIV, INC_ADMIN,
#   INC_CLI, INC_P11, INC_VPCD
set -u
fails=0 n=0
# A probe is a file of its own directory: compiled from standard input,
# the current directory (the top) would count as the including file's.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

relative=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(\.\.?/|/)' \
    codec card host cli pkcs11 vsmartcard include --include='*.c' \
    --include='*.h')
n=$((n + 1))
if [ -n "$relative" ]; then
	printf '%s\n' "$relative" >&2
	echo "layering: a product file includes by a relative path (above)" >&2
	fails=$((fails + 1))
fi

# probe WANT FOLDER FLAGS HEADER: WANT is ok or refused.
probe() {
	n=$((n + 1))
	printf '#include "%s"\n' "$4" > "$tmp/probe.c"
	# shellcheck disable=SC2086
	if $CC $CFLAGS $3 -fsyntax-only "$tmp/probe.c" 2>/dev/null; then
		got=ok
	else
		got=refused
	fi
	if [ "$got" != "$1" ]; then
		echo "layering: $2 including $4: $got, must be $1" >&2
		fails=$((fails + 1))
	fi
}

# The codec sees the installed headers and itself.
probe ok      codec "$INC_CODEC" codec/der.h
probe refused codec "$INC_CODEC" card/card.h
probe refused codec "$INC_CODEC" uk/store.h
# A card folder sees the platform API, every folder's one export, the
# codec; never another folder's private headers.
probe ok      card "$INC_CARD" uk/auth.h
probe ok      card "$INC_CARD" card/card.h
probe refused card "$INC_CARD" auth_cred.h
probe refused card "$INC_CARD" card/auth/auth_cred.h
probe refused card "$INC_CARD" store_io.h
probe refused card "$INC_CARD" card/store/store_io.h
probe refused card "$INC_CARD" host/transport/ctx_priv.h
# libuimkey (transport, PIV client) sees the installed headers and the
# codec: no card header but the installed card/wire.h and
# card/piv_rules.h.  Only the transport sees PC/SC; each half's private
# header is its own.
probe ok      transport "$INC_TRANSPORT" card/wire.h
probe ok      transport "$INC_TRANSPORT" codec/tlv.h
probe ok      transport "$INC_TRANSPORT" winscard.h
probe refused transport "$INC_TRANSPORT" card/card.h
probe refused transport "$INC_TRANSPORT" uk/keys.h
probe refused transport "$INC_TRANSPORT" piv_priv.h
probe refused transport "$INC_TRANSPORT" host/piv/piv_priv.h
probe ok      piv "$INC_PIV" host/uimkey.h
probe ok      piv "$INC_PIV" codec/x509.h
probe refused piv "$INC_PIV" winscard.h
probe refused piv "$INC_PIV" card/card.h
probe refused piv "$INC_PIV" card/keys/key_cmd.h
probe refused piv "$INC_PIV" ctx_priv.h
probe refused piv "$INC_PIV" host/transport/ctx_priv.h
probe refused piv "$INC_PIV" admin/io.h
probe refused transport "$INC_TRANSPORT" admin/io.h
# The admin library sees libuimkey's installed API, the codec, p11-kit's
# pkcs11.h (lock tokens signed on a token) and its own headers; never the
# command line, libuimkey's insides or the card.
probe ok      admin "$INC_ADMIN" admin/profile.h
probe ok      admin "$INC_ADMIN" host/uimkey.h
probe ok      admin "$INC_ADMIN" codec/x509.h
probe ok      admin "$INC_ADMIN" p11-kit/pkcs11.h
probe refused admin "$INC_ADMIN" cli.h
probe refused admin "$INC_ADMIN" cli/cli.h
probe refused admin "$INC_ADMIN" piv_priv.h
probe refused admin "$INC_ADMIN" host/piv/piv_priv.h
probe refused admin "$INC_ADMIN" card/card.h
probe refused admin "$INC_ADMIN" uk/keys.h
probe refused admin "$INC_ADMIN" winscard.h
# The command line sees the admin library's headers, libuimkey's
# installed API and the codec; not the admin library's private header,
# libuimkey's insides, the card or PKCS#11.
probe ok      cli "$INC_CLI" admin/lock.h
probe ok      cli "$INC_CLI" host/uimkey.h
probe ok      cli "$INC_CLI" card/wire.h
probe refused cli "$INC_CLI" profile_json.h
probe refused cli "$INC_CLI" admin/profile_json.h
probe refused cli "$INC_CLI" host/admin/profile_json.h
probe refused cli "$INC_CLI" piv_priv.h
probe refused cli "$INC_CLI" host/piv/piv_priv.h
probe refused cli "$INC_CLI" host/transport/ctx_priv.h
probe refused cli "$INC_CLI" card/card.h
probe refused cli "$INC_CLI" uk/keys.h
probe refused cli "$INC_CLI" p11-kit/pkcs11.h
probe refused cli "$INC_CLI" winscard.h
# The module's headers are its own.
probe refused transport "$INC_TRANSPORT" pkcs11/p11_slot.h
probe refused piv "$INC_PIV" pkcs11/p11_slot.h
probe refused cli "$INC_CLI" pkcs11/p11_slot.h
# The module sees libuimkey's installed API, p11-kit's pkcs11.h and its
# own headers only.
probe ok      pkcs11 "$INC_P11" host/uimkey.h
probe ok      pkcs11 "$INC_P11" pkcs11/p11_slot.h
probe refused pkcs11 "$INC_P11" host/piv/piv_priv.h
probe refused pkcs11 "$INC_P11" piv_priv.h
probe refused pkcs11 "$INC_P11" codec/der.h
probe refused pkcs11 "$INC_P11" admin/io.h
probe refused pkcs11 "$INC_P11" card/card.h
# The card process sees the installed headers, the card's platform API
# and PC/SC (uimkey-wait) only: not the card core's insides.
probe ok      vsmartcard "$INC_VPCD" card/card.h
probe refused vsmartcard "$INC_VPCD" uk/store.h
probe refused vsmartcard "$INC_VPCD" card/store/store_io.h

echo "layering: $((n - fails)) of $n checks hold"
[ "$fails" -eq 0 ]
