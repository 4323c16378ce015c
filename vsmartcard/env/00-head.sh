#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# uimkey-env: run a command next to virtual uimkey cards on a private PC/SC
# stack (pcscd with vsmartcard's vpcd driver).  See uimkey-env(1).
#
# One file, three roles:
#   outer   what you run: checks the arguments, re-executes itself as init
#           of new pid, mount and network namespaces, forwards INT, TERM and
#           HUP to it, and exits with its status.
#   inner   pid 1 inside: private /run/pcscd and loopback, pcscd, the cards,
#           then COMMAND; tears it all down on every path.
#   card-stop, card-start
#           run by COMMAND inside, to pull a card out and put it back.
#   pcscd-restart
#           run by COMMAND inside, to stop the private pcscd (SIGTERM, or
#           SIGKILL as a crash) and start it again.
#
# Nothing can outlive the environment: if the outer shell is killed, even
# with SIGKILL, the kernel kills unshare (parent-death signal), unshare
# kills init (--kill-child), and the death of init ends every process of
# the pid namespace.

set -u

prog=uimkey-env
version=0.1.0
self=$(readlink -f "$0")
bindir=${self%/*}

readonly DEFAULT_PORT=35963
readonly MAX_CARDS=2            # vpcd gives one reader.conf entry 2 readers
readonly READER_NAME="uimkey PCD"
readonly PCSC_DRIVERS=/usr/lib/pcsc/drivers
readonly VPCD_DRIVER=$PCSC_DRIVERS/serial/libifdvpcd.so
readonly PCSCD_RUN=/run/pcscd   # Debian's pcscd has its socket here, always
readonly START_TIMEOUT=20       # s for pcscd and the cards to come up
readonly STOP_GRACE=3           # s from SIGTERM to SIGKILL
readonly CARD_TIMEOUT=10        # s for card-stop and card-start
readonly EXIT_ENV=125           # our own failure, as env(1) and timeout(1)
# The PIN-guess cost a card's new store gets unless UIMKEY_KDF_ITERATIONS
# says otherwise: low, so that the test suite stays fast.
readonly KDF_ITERATIONS_TEST=1000
readonly INNER_FLAG=--inner-pid1

msg() {
	printf '%s: %s\n' "$prog" "$*" >&2
}

usage() {
	cat <<EOF
Usage: $prog [--cards 1|2] [--dir DIR] [--keep] [--port PORT] [--response-log]
             -- COMMAND [ARG...]
       $prog card-stop I | card-start I      (inside the environment)
       $prog pcscd-restart [--kill] [--down SECS]  (inside the environment)

Run COMMAND with its own pcscd and virtual uimkey cards, in private mount,
network and pid namespaces.  Everything started dies with it.

  --cards N    number of cards, 1 or 2 (default 1)
  --dir DIR    keep the card stores and logs in DIR, to reuse them
               (default: a temporary directory, removed at exit)
  --keep       keep the temporary directory and print its name at exit
  --port PORT  vpcd port of card 0; card 1 uses PORT+1 (default $DEFAULT_PORT)
  --response-log  each card appends its response APDUs in hex to
               DIR/cardI.responses (tests prove no private key leaves the
               card; answers can hold ECDH secrets: not for real keys)
  -h, --help   show this help
  --version    show the version

A card started on a new store gives it a PIN-guess cost of
UIMKEY_KDF_ITERATIONS PBKDF2 iterations (default $KDF_ITERATIONS_TEST, for
tests; uimkey-card's own default is far higher).

COMMAND gets UIMKEY_ENV_DIR, UIMKEY_CARDS, UIMKEY_BIN and UIMKEY_PORT, and
finds uimkey-env, uimkey-wait and uimkey-card on its PATH.  Inside,
'uimkey-env card-stop I' stops card I (like pulling it out) and
'uimkey-env card-start I' starts it again and waits until it is present.
'uimkey-env pcscd-restart' stops the environment's pcscd (SIGTERM; with
--kill, SIGKILL, as a crash), waits SECS (--down, default 0) and starts it
again as the environment did, waiting until it sees every card.
EOF
}

usage_error() {
	msg "$*"
	echo "Try '$prog --help'." >&2
	exit "$EXIT_ENV"
}

