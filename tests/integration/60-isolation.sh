# SPDX-License-Identifier: BSD-2-Clause
# The stack runs in its own network and mount namespaces: no socket outside
# loopback, a private /run/pcscd, never the machine's pcscd.
. "$UIMKEY_TOP/tests/integration/lib.sh"

check "own network namespace" test "$(readlink /proc/self/ns/net)" != "$UIMKEY_OUTER_NETNS"
check "own mount namespace" test "$(readlink /proc/self/ns/mnt)" != "$UIMKEY_OUTER_MNTNS"
run ip -o addr show
check "loopback is the only interface with an address" \
    sh -c "! printf '%s\n' \"\$0\" | awk '{print \$2}' | grep -vqx lo" "$out"
run ss -ltnH
check "vpcd listens" has ":35963"
# Every listener is on a loopback address, or a wildcard in a namespace
# whose only interface is loopback (checked above).
check "no listener outside loopback" \
    sh -c "! printf '%s\n' \"\$0\" | awk '{print \$4}' | grep -Ev '^(127\.[0-9.]+|\[::1\]|0\.0\.0\.0|\[::\]|\*):[0-9]+$' | grep -q ." "$out"
run findmnt -n -o FSTYPE /run/pcscd
check "/run/pcscd is a private tmpfs" has "tmpfs"
run ls /run/pcscd
check "our pcscd's socket is there" has "pcscd.comm"
