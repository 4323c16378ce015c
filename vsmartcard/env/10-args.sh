# SPDX-License-Identifier: BSD-2-Clause
# ---------------------------------------------------------------- arguments

cards=1
dir=
keep=0
rsplog=0
port=$DEFAULT_PORT
cmd=()

set_opt() {
	case $1 in
	--cards)
		case $2 in
		1|2) cards=$2 ;;
		*) usage_error "--cards: '$2' is not 1 or 2" ;;
		esac ;;
	--dir)
		[ -n "$2" ] || usage_error "--dir: empty directory name"
		dir=$2 ;;
	--port)
		case $2 in
		''|*[!0-9]*) usage_error "--port: '$2' is not a number" ;;
		esac
		[ "${#2}" -le 5 ] && [ "$2" -ge 1 ] && [ "$2" -le 65534 ] ||
			usage_error "--port: '$2' is out of range (1-65534)"
		port=$((10#$2)) ;;
	esac
}

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		--cards|--dir|--port)
			[ $# -ge 2 ] || usage_error "$1 needs a value"
			set_opt "$1" "$2"
			shift 2 ;;
		--cards=*|--dir=*|--port=*)
			set_opt "${1%%=*}" "${1#*=}"
			shift ;;
		--keep)
			keep=1
			shift ;;
		--response-log)
			rsplog=1
			shift ;;
		-h|--help)
			usage
			exit 0 ;;
		--version)
			echo "$prog $version"
			exit 0 ;;
		--)
			shift
			break ;;
		-*)
			usage_error "unknown option '$1'" ;;
		*)
			break ;;
		esac
	done
	[ $# -gt 0 ] || usage_error "no COMMAND given"
	cmd=("$@")
	if ! PATH=$bindir:$PATH command -v "$1" >/dev/null; then
		msg "$1: command not found"
		exit 127
	fi
}

