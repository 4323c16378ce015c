# Shared by the integration tests; sourced inside uimkey-env.
# check NAME CMD...: runs CMD, prints "ok - NAME" or "not ok - NAME".
# Output of the last command run by check/run is in $out.

MODULE="$UIMKEY_BUILD/lib/uimkey-pkcs11.so"
READER0="uimkey PCD 00 00"
READER1="uimkey PCD 00 01"

check() {
	name=$1
	shift
	if "$@"; then
		echo "ok - $name"
	else
		echo "not ok - $name"
	fi
}

# run CMD...: run it, keep its output in $out, echo it for the log.
run() {
	out=$("$@" 2>&1)
	rc=$?
	printf '$ %s\n%s\n' "$*" "$out"
	return $rc
}

# has TEXT: the last output contains TEXT.
has() {
	case "$out" in *"$1"*) return 0 ;; esac
	echo "# expected output to contain: $1"
	return 1
}

# p11tool ARGS...: pkcs11-tool with our module (and ASan runtime if needed).
p11tool() {
	LD_PRELOAD="$UIMKEY_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
	    pkcs11-tool --module "$MODULE" "$@"
}
