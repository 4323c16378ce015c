# SPDX-License-Identifier: BSD-2-Clause

# Every branch exits: bash reads a script as it goes, and must never read
# past this point in a file that "make" rewrote in place meanwhile.
case ${1-} in
card-stop|card-start)
	card_cmd "$@"
	exit ;;
pcscd-restart)
	pcscd_restart "$@"
	exit ;;
"$INNER_FLAG")
	shift
	inner "$@"
	exit ;;
*)
	outer "$@"
	exit ;;
esac
