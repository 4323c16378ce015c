# SPDX-License-Identifier: BSD-2-Clause
# make install writes nothing outside $(DESTDIR)$(PREFIX) and make
# uninstall takes away exactly what it wrote.  Every install and uninstall
# runs as nobody in a mount namespace of its own where every mount is
# read-only but the one scratch directory it may write, so a write
# anywhere else (build/, /tmp, p11-kit's system directory) fails it; the
# tree it leaves is compared, path by path with modes, sizes and SHA-256
# sums, with the files the Makefile is meant to install.  Then p11-kit
# finds the installed module, and the installed uimkey and man page work.
. "$UIMKEY_TOP/tests/integration/lib.sh"

# Run from make test, the makes below must not join its jobserver or take
# its command-line variables: they get what they need explicitly.
unset MAKEFLAGS MFLAGS MAKELEVEL
stage=$(mktemp -d)
chmod 755 "$stage"

# Only the machine's root can become nobody; root inside a user namespace
# (tests run without root) has the read-only mounts alone.
NOBODY=
if awk '$1 == 0 && $2 == 0 && $3 == 4294967295 { ok = 1 } END { exit !ok }' \
    /proc/self/uid_map; then
	NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	echo "# not the machine's root: make runs as root of a user namespace"
fi

# confined DIR CMD...: CMD in a mount namespace where every mount is
# read-only except a bind mount of DIR.
# shellcheck disable=SC2016
confined() {
	unshare --mount --propagation private sh -c '
		dir=$1
		shift
		sed "s/^[^ ]* [^ ]* [^ ]* [^ ]* \([^ ]*\) .*/\1/" /proc/self/mountinfo |
		while read -r m; do
			mount -o remount,bind,ro "$(printf "%b" "$m")" 2>/dev/null
		done
		mount --bind "$dir" "$dir" && mount -o remount,bind,rw "$dir" ||
			exit 125
		umask 022
		exec "$@"' sh "$@"
}

# as_nobody DIR CMD...: CMD confined to DIR, as nobody, with a bare
# environment.
as_nobody() {
	d=$1
	shift
	# shellcheck disable=SC2086
	confined "$d" $NOBODY env -i PATH=/usr/local/bin:/usr/bin:/bin \
	    HOME=/nonexistent LC_ALL=C "$@"
}

# mk DIR ARGS...: make ARGS in the worktree, as nobody, DIR alone writable.
mk() {
	d=$1
	shift
	as_nobody "$d" make -s -C "$UIMKEY_TOP" BUILD="$UIMKEY_BUILD" \
	    ${UIMKEY_SANITIZE:+SANITIZE=1} "$@"
}

# own DIR: DIR and everything in it belong to whoever mk runs as.
own() {
	[ -z "$NOBODY" ] || chown -R nobody:nogroup "$1"
}

# listing ROOT: every path under ROOT, one a line: path, type, mode, and
# size and SHA-256 for a file, the target for a symbolic link.
listing() {
	( cd "$1" && find . -mindepth 1 | while IFS= read -r p; do
		if [ -L "$p" ]; then
			printf '%s l %s\n' "$p" "$(readlink "$p")"
		elif [ -d "$p" ]; then
			printf '%s d %s\n' "$p" "$(stat -c %a "$p")"
		else
			printf '%s f %s %s\n' "$p" "$(stat -c '%a %s' "$p")" \
			    "$(sha256sum < "$p" | cut -c1-64)"
		fi
	done ) | LC_ALL=C sort
}

# file_line PATH MODE SOURCE: the listing line of a copy of SOURCE.
file_line() {
	printf '%s f %s %s %s\n' "$1" "$2" "$(stat -c %s "$3")" \
	    "$(sha256sum < "$3" | cut -c1-64)"
}

# expected TOP PREFIX MODDIR PRE: the listing, after make install with
# PREFIX and P11_MODDIR, of the directory installed as TOP ("" for a
# DESTDIR), whose listing before was in the file PRE.  Directories that
# were not there are made with mode 755 and named in created-dirs.
expected() {
	top=$1 pre=$4
	p=.${2#"$top"}
	m=.${3#"$top"}
	{
		for b in uimkey uimkey-card uimkey-env uimkey-wait; do
			file_line "$p/bin/$b" 755 "$UIMKEY_BUILD/bin/$b"
		done
		file_line "$p/lib/libuimkey.a" 644 "$UIMKEY_BUILD/lib/libuimkey.a"
		file_line "$p/lib/libuimkey.so.0" 755 "$UIMKEY_BUILD/lib/libuimkey.so"
		printf '%s l libuimkey.so.0\n' "$p/lib/libuimkey.so"
		file_line "$p/lib/pkcs11/uimkey-pkcs11.so" 755 \
		    "$UIMKEY_BUILD/lib/uimkey-pkcs11.so"
		for g in "$UIMKEY_TOP"/man/*.1; do
			file_line "$p/share/man/man1/${g##*/}" 644 "$g"
		done
		for h in uimkey uimkey_api uimkey_err uimkey_io uimkey_piv; do
			file_line "$p/include/uimkey/host/$h.h" 644 \
			    "$UIMKEY_TOP/include/uimkey/host/$h.h"
		done
		for h in piv_rules wire; do
			file_line "$p/include/uimkey/card/$h.h" 644 \
			    "$UIMKEY_TOP/include/uimkey/card/$h.h"
		done
		printf 'module: %s\ncritical: no\n' \
		    "$2/lib/pkcs11/uimkey-pkcs11.so" > "$stage/module"
		file_line "$m/uimkey.module" 644 "$stage/module"
	} > "$stage/files"
	{ cut -d' ' -f1 "$stage/files"; echo "$p/share/uimkey/created-dirs"; } |
	    while read -r f; do
		d=${f%/*}
		while [ "$d" != . ]; do
			echo "$d"
			d=${d%/*}
		done
	done | LC_ALL=C sort -u > "$stage/dirs"
	awk '$2 == "d" { print $1 }' "$pre" | LC_ALL=C sort > "$stage/predirs"
	LC_ALL=C comm -23 "$stage/dirs" "$stage/predirs" |
	    sed "s#^\.#$top#" > "$stage/created"
	file_line "$p/share/uimkey/created-dirs" 644 "$stage/created" >> "$stage/files"
	{ cat "$pre"; sed 's/$/ d 755/' "$stage/dirs"; cat "$stage/files"; } |
	    awk '!seen[$1]++' | LC_ALL=C sort
}

# same WHAT A B: the listings in files A and B are equal (else the diff).
same() {
	diff -u "$2" "$3" > "$stage/diff" && return 0
	echo "# $1 differs from what was expected:"
	sed 's/^/#   /' "$stage/diff"
	return 1
}

# --- The confinement holds: the one directory is writable, nothing else.
box="$stage/box"
mkdir "$box"
own "$box"
check "confined: the scratch directory is writable" \
    as_nobody "$box" touch "$box/probe"
for d in /tmp /var/tmp /dev/shm "$UIMKEY_BUILD" "$UIMKEY_TOP"; do
	[ -d "$d" ] || continue
	check "confined: $d is not writable, even for root" \
	    not confined "$box" sh -c ": > '$d/uimkey-install-probe'" 2>/dev/null
	rm -f "$d/uimkey-install-probe"
done

run make -q -C "$UIMKEY_TOP" BUILD="$UIMKEY_BUILD" ${UIMKEY_SANITIZE:+SANITIZE=1} all
check "the build is up to date (make -q all), so install builds nothing" \
    test "$rc" -eq 0
touch "$stage/stamp"

# --- DESTDIR=scratch PREFIX=/opt/uimkey: everything under the prefix.
dest="$stage/dest"
mkdir "$dest"
own "$dest"
listing "$dest" > "$stage/before"
run mk "$dest" install DESTDIR="$dest" PREFIX=/opt/uimkey
check "DESTDIR install as nobody, nothing else writable, succeeds" test "$rc" -eq 0
listing "$dest" > "$stage/after"
expected "" /opt/uimkey /opt/uimkey/share/p11-kit/modules "$stage/before" \
    > "$stage/want"
check "DESTDIR install: exactly the expected files, modes, sizes, sums" \
    same "the installed tree" "$stage/want" "$stage/after"
check "DESTDIR install: nothing outside \$(DESTDIR)\$(PREFIX)" \
    test "$(ls -A "$dest")" = opt -a "$(ls -A "$dest/opt")" = uimkey
check "the module file is under the prefix and names the module by its installed path" \
    grep -qx "module: /opt/uimkey/lib/pkcs11/uimkey-pkcs11.so" \
    "$dest/opt/uimkey/share/p11-kit/modules/uimkey.module"
run mk "$dest" uninstall DESTDIR="$dest" PREFIX=/opt/uimkey
check "DESTDIR uninstall succeeds" test "$rc" -eq 0
listing "$dest" > "$stage/after"
check "DESTDIR uninstall leaves the scratch directory empty, as before" \
    same "the tree after uninstall" "$stage/before" "$stage/after"

# --- A packager's install into a tree that has other files: PREFIX=/usr
# with the module file in p11-kit's own directory.  Reinstalling changes
# nothing; uninstall keeps every file and directory that was there, and a
# directory install made that now holds someone else's file.
pkg="$stage/pkg"
mkdir -p "$pkg/usr/bin" "$pkg/usr/lib" "$pkg/usr/include" \
    "$pkg/usr/share/man/man1" "$pkg/usr/share/p11-kit/modules"
echo "#!/bin/sh" > "$pkg/usr/bin/other-tool"
chmod 755 "$pkg/usr/bin/other-tool"
echo ".TH OTHER 1" > "$pkg/usr/share/man/man1/other.1"
echo "module: /usr/lib/other-pkcs11.so" > "$pkg/usr/share/p11-kit/modules/other.module"
own "$pkg"
listing "$pkg" > "$stage/before"
P11="P11_MODDIR=/usr/share/p11-kit/modules"
run mk "$pkg" install DESTDIR="$pkg" PREFIX=/usr "$P11"
check "install over other files with P11_MODDIR=/usr/share/p11-kit/modules succeeds" \
    test "$rc" -eq 0
listing "$pkg" > "$stage/after"
expected "" /usr /usr/share/p11-kit/modules "$stage/before" > "$stage/want"
check "install over other files: theirs untouched, ours as expected" \
    same "the installed tree" "$stage/want" "$stage/after"
check "created-dirs names no directory that was there before" \
    not grep -qxE "/usr|/usr/(bin|lib|include|share|share/man|share/man/man1|share/p11-kit|share/p11-kit/modules)" \
    "$pkg/usr/share/uimkey/created-dirs"
run mk "$pkg" install DESTDIR="$pkg" PREFIX=/usr "$P11"
listing "$pkg" > "$stage/again"
check "installing again changes nothing" \
    same "the tree after a second install" "$stage/after" "$stage/again"
echo foreign > "$pkg/usr/lib/pkcs11/foreign.so"
chmod 644 "$pkg/usr/lib/pkcs11/foreign.so"
own "$pkg/usr/lib/pkcs11/foreign.so"
run mk "$pkg" uninstall DESTDIR="$pkg" PREFIX=/usr "$P11"
check "uninstall succeeds" test "$rc" -eq 0
check "uninstall says it kept the directory that holds another file" \
    has "kept $pkg/usr/lib/pkcs11: not empty"
listing "$pkg" > "$stage/after"
{ cat "$stage/before"; echo "./usr/lib/pkcs11 d 755"
  file_line ./usr/lib/pkcs11/foreign.so 644 "$pkg/usr/lib/pkcs11/foreign.so"; } |
    LC_ALL=C sort > "$stage/want"
check "uninstall: every earlier file and directory is back as it was, the other file kept" \
    same "the tree after uninstall" "$stage/want" "$stage/after"
check "uninstall kept the earlier empty directories" \
    test -d "$pkg/usr/lib" -a -d "$pkg/usr/include"

# --- PREFIX=scratch, no DESTDIR (the old default put the module file in
# p11-kit's system directory, outside the prefix).
prefix="$stage/prefix"
mkdir "$prefix"
own "$prefix"
listing "$prefix" > "$stage/before"
run mk "$prefix" install PREFIX="$prefix"
check "install with PREFIX and no DESTDIR succeeds" test "$rc" -eq 0
listing "$prefix" > "$stage/after"
expected "$prefix" "$prefix" "$prefix/share/p11-kit/modules" "$stage/before" \
    > "$stage/want"
check "PREFIX install: exactly the expected files, modes, sizes, sums" \
    same "the installed tree" "$stage/want" "$stage/after"

# (build/asan is the other build, which may be made meanwhile.)
run find "$UIMKEY_BUILD" -path "$UIMKEY_BUILD/test-logs" -prune -o \
    -path "$UIMKEY_BUILD/asan" -prune -o -newer "$stage/stamp" -print
check "make install and uninstall wrote nothing into the build directory" \
    test -z "$out"

# Show p11-kit only our module file: bind it over the package modules
# directory, inside this test's private mount namespace.  Under ASan the
# check is skipped: with the ASan runtime preloaded, p11-kit deadlocks in
# its own destructor (freelocale) at exit, whatever module it loaded.
moddir="$prefix/share/p11-kit/modules"
if [ -z "${UIMKEY_SANITIZE:-}" ]; then
	sysdir=$(pkg-config --variable=p11_module_configs p11-kit-1)
	mount --bind "$moddir" "$sysdir"
	run timeout 60 p11-kit list-modules
	check "p11-kit list-modules finds the uimkey module" has "uimkey: $prefix/lib/pkcs11/uimkey-pkcs11.so"
	check "p11-kit loads it (library description)" has "uimkey PKCS#11 module"
	check "p11-kit sees the token" has "uimkey #"
	umount "$sysdir"
else
	echo "# skip: p11-kit list-modules under ASan (p11-kit's destructor deadlocks)"
fi

run "$prefix/bin/uimkey" --version
check "the installed uimkey runs" test "$rc" -eq 0
if command -v man >/dev/null 2>&1; then
	run man -l "$prefix/share/man/man1/uimkey.1"
	check "the man page renders" has "uimkey"
fi

run mk "$prefix" uninstall PREFIX="$prefix"
check "uninstall with PREFIX and no DESTDIR succeeds" test "$rc" -eq 0
listing "$prefix" > "$stage/after"
check "PREFIX uninstall leaves the prefix empty, as before" \
    same "the prefix after uninstall" "$stage/before" "$stage/after"
rm -rf "$stage"
