# SPDX-License-Identifier: BSD-2-Clause
# ssh-agent holding uimkey-pkcs11.so across a removal: the
# card's keys added with ssh-add -s, then uimkey-card killed and started
# again, then pcscd restarted.  Every step has a deadline.  The agent
# lives on and lists its keys; its PKCS#11 helper keeps the session it
# opened at ssh-add -s (OpenSSH's ssh-pkcs11.c never opens another), and
# PKCS#11 closes every session of a removed token: so signing through
# the old provider fails, in time, and the provider added again
# (ssh-add -e, ssh-add -s) signs.
. "$UIMKEY_TOP/tests/integration/lib.sh"

if [ -n "${UIMKEY_SANITIZE:-}" ]; then
	echo "ok - ssh-agent after re-insertion # SKIP ssh-agent's helper drops the ASan runtime"
	exit 0
fi
w=$(mktemp -d)
SO=010203040506070801020304050607080102030405060708
run p11tool --login --login-type so --so-pin "$SO" --keypairgen \
    --key-type EC:prime256v1 --id 01
check "an EC key in 9A" test "$rc" -eq 0
printf '#!/bin/sh\necho 123456\n' > "$w/askpass"
chmod +x "$w/askpass"
head -c 500 /dev/urandom > "$w/data"
eval "$(ssh-agent -s -P "$UIMKEY_BUILD/lib/*")" >/dev/null
run timeout 30 env SSH_ASKPASS="$w/askpass" SSH_ASKPASS_REQUIRE=force \
    DISPLAY=:0 ssh-add -s "$MODULE"
check "ssh-add -s adds the card's keys" test "$rc" -eq 0
run timeout 30 ssh-add -L
echo "$out" | grep ecdsa-sha2 | head -n 1 > "$w/id.pub"
printf 'card@uimkey %s\n' "$(cat "$w/id.pub")" > "$w/allowed"

# sign_ok WHAT: ssh-keygen -Y sign through the agent, verified.
sign_ok() {
	rm -f "$w/data.sig"
	run timeout 30 ssh-keygen -Y sign -f "$w/id.pub" -n file "$w/data"
	check "$1: ssh-keygen -Y sign through the agent (in time)" \
	    test "$rc" -eq 0 -a -s "$w/data.sig"
	run sh -c "ssh-keygen -Y verify -f '$w/allowed' -I card@uimkey \
	    -n file -s '$w/data.sig' < '$w/data'"
	check "$1: the signature verifies" has "Good"
}
sign_ok "before any removal"

kill -KILL "$(cat "$UIMKEY_ENV_DIR/card0.pid")"
uimkey-env card-stop 0 >/dev/null
run timeout 30 ssh-keygen -Y sign -f "$w/id.pub" -n file "$w/data"
check "with the card out, signing fails in time" test "$rc" -ne 0 -a "$rc" -ne 124
uimkey-env card-start 0 >/dev/null
check "the card is back" test $? -eq 0
# readd WHAT: the old provider's session is gone: fails in time; then
# the provider removed and added again signs.
readd() {
	run timeout 30 ssh-add -l
	check "$1: ssh-add -l still lists the key" has "ECDSA"
	rm -f "$w/data.sig"
	run timeout 30 ssh-keygen -Y sign -f "$w/id.pub" -n file "$w/data"
	check "$1: the old provider's session is closed (PKCS#11): signing fails in time" \
	    test "$rc" -ne 0 -a "$rc" -ne 124
	run timeout 30 ssh-add -e "$MODULE"
	check "$1: ssh-add -e removes the provider" test "$rc" -eq 0
	run timeout 30 env SSH_ASKPASS="$w/askpass" SSH_ASKPASS_REQUIRE=force \
	    DISPLAY=:0 ssh-add -s "$MODULE"
	check "$1: ssh-add -s adds it again" test "$rc" -eq 0
	sign_ok "$1, the provider added again"
}
readd "after re-insertion"

uimkey-env pcscd-restart >/dev/null
check "pcscd restarted" test $? -eq 0
readd "after a pcscd restart"

ssh-agent -k >/dev/null 2>&1
rm -rf "$w"
