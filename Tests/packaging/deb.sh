#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Tests/packaging/deb.sh: the Debian package (`make deb`, packaging/debian), on the host, as
# root (the scratch roots' files belong to root), without network. Needs the release binary
# (make).
#
# Builds the package, then checks its file list with modes and owners, its control fields
# (the version is the Makefile's), the files against their sources, the binary (the static
# one make built, which runs) and lintian (no error or warning). Then dpkg --root installs
# it into scratch roots: a fresh one, where removing and purging leave the root as it was;
# one with a stand-in for Debian's own ifenslave 2.13 (bond-* hooks as conffiles, the udev
# link file), which it upgrades in place, keeping the hooks until a purge; and one with a
# stand-in for ifenslave-2.6, which it replaces.
# Prints "ok N - ..." / "not ok N - ..." with details; exits 1 if any check failed.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$ROOT/.build/release/ifenslave
. "$ROOT/Tests/packaging/tap.sh"
[ "$(id -u)" -eq 0 ] || { echo "deb.sh: run as root: dpkg installs root's files" >&2; exit 1; }
[ -x "$BIN" ] || { echo "deb.sh: no $BIN; run make first" >&2; exit 1; }
ARCH=$(dpkg --print-architecture)
DEB=$ROOT/.build/packages/ifenslave_${VERSION}-1_$ARCH.deb
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# --- Build
rm -f "$DEB"
if make -s -C "$ROOT" deb > "$T/build.log" 2>&1; then ok "make deb"
else notok "make deb (exit $?); its last output:" "$(tail -n 15 "$T/build.log")"; fi
check "make deb wrote .build/packages/ifenslave_${VERSION}-1_$ARCH.deb" test -f "$DEB"

# --- Contents: every path with its mode and owner.
D=usr/share/doc/ifenslave
expect_eq "the package's files, modes and owners" \
  "$(dpkg-deb -c "$DEB" 2>&1 | awk '{ print $1, $2, $6 }' | LC_ALL=C sort -k3)" \
"drwxr-xr-x root/root ./
drwxr-xr-x root/root ./lib/
drwxr-xr-x root/root ./lib/systemd/
drwxr-xr-x root/root ./lib/systemd/network/
-rw-r--r-- root/root ./lib/systemd/network/98-net-bonding.link
drwxr-xr-x root/root ./usr/
drwxr-xr-x root/root ./usr/sbin/
-rwxr-xr-x root/root ./usr/sbin/ifenslave
drwxr-xr-x root/root ./usr/share/
drwxr-xr-x root/root ./usr/share/bash-completion/
drwxr-xr-x root/root ./usr/share/bash-completion/completions/
-rw-r--r-- root/root ./usr/share/bash-completion/completions/ifenslave
drwxr-xr-x root/root ./usr/share/doc/
drwxr-xr-x root/root ./$D/
-rw-r--r-- root/root ./$D/changelog.Debian.gz
-rw-r--r-- root/root ./$D/copyright
drwxr-xr-x root/root ./$D/examples/
-rw-r--r-- root/root ./$D/examples/interfaces.example
drwxr-xr-x root/root ./usr/share/fish/
drwxr-xr-x root/root ./usr/share/fish/vendor_completions.d/
-rw-r--r-- root/root ./usr/share/fish/vendor_completions.d/ifenslave.fish
drwxr-xr-x root/root ./usr/share/lintian/
drwxr-xr-x root/root ./usr/share/lintian/overrides/
-rw-r--r-- root/root ./usr/share/lintian/overrides/ifenslave
drwxr-xr-x root/root ./usr/share/man/
drwxr-xr-x root/root ./usr/share/man/man8/
-rw-r--r-- root/root ./usr/share/man/man8/ifenslave.8.gz
drwxr-xr-x root/root ./usr/share/zsh/
drwxr-xr-x root/root ./usr/share/zsh/vendor-completions/
-rw-r--r-- root/root ./usr/share/zsh/vendor-completions/_ifenslave"

# --- Control fields
field() { dpkg-deb -f "$DEB" "$1" 2>/dev/null; }
expect_eq "Package" "$(field Package)" ifenslave
expect_eq "Version is 1:VERSION-1, VERSION the Makefile's" "$(field Version)" "1:$VERSION-1"
check "the version sorts above Debian's ifenslave 2.13, which has no program" \
  dpkg --compare-versions "$(field Version)" gt 2.13
expect_eq "Architecture" "$(field Architecture)" "$ARCH"
expect_eq "Conflicts" "$(field Conflicts)" ifenslave-2.6
expect_eq "Replaces" "$(field Replaces)" ifenslave-2.6
expect_eq "no Depends, Pre-Depends or Recommends: the binary is static" \
  "$(field Depends)$(field Pre-Depends)$(field Recommends)" ""
case $(field Built-Using) in
  *"glibc (= "*"libnl3 (= "*) ok "Built-Using names glibc and libnl3: $(field Built-Using)" ;;
  *) notok "Built-Using names glibc and libnl3" "$(field Built-Using)" ;;
esac
# dpkg-gencontrol's count: each file's size in KiB, rounded up, and 1 for anything else.
expect_eq "Installed-Size counts the files" "$(field Installed-Size)" \
  "$(dpkg-deb -c "$DEB" | awk '{ s += /^-/ ? int(($3 + 1023) / 1024) : 1 } END { print s }')"
check "no maintainer scripts" sh -c '! dpkg-deb -I "$1" | grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\*? *(pre|post)(inst|rm)"' sh "$DEB"

# --- The files, against their sources
X=$T/x
dpkg-deb -R "$DEB" "$X"
check "the md5sums match the files" sh -c 'cd "$1" && md5sum --quiet -c DEBIAN/md5sums' sh "$X"
check_payload "$X" usr/sbin/ifenslave usr/share/man/man8/ifenslave.8.gz zsh/vendor-completions
check "examples/interfaces.example is packaging/debian's" cmp "$X/$D/examples/interfaces.example" \
  "$ROOT/packaging/debian/interfaces.example"
check "copyright is machine-readable (DEP-5), GPL-2+, pointing to common-licenses/GPL-2" sh -c '
  head -n1 "$1" | grep -qx "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" &&
  grep -qx "License: GPL-2+" "$1" && grep -q "\"/usr/share/common-licenses/GPL-2\"" "$1"' \
  sh "$X/$D/copyright"
check "copyright has no unfilled @FIELD@" sh -c '! grep -n "@[A-Z_]*@" "$1"' sh "$X/$D/copyright"
expect_eq "changelog.Debian's entry is the package's version" \
  "$(zcat "$X/$D/changelog.Debian.gz" | sed -n '1s/^ifenslave (\([^)]*\)).*/\1/p')" "1:$VERSION-1"
check "changelog.Debian has no unfilled @FIELD@" sh -c '! zcat "$1" | grep -n "@[A-Z_]*@"' sh "$X/$D/changelog.Debian.gz"

# --- lintian: no error or warning (the overrides, each with its reason, are in the package).
if lintian --fail-on error,warning "$DEB" > "$T/lintian.log" 2>&1; then ok "lintian: no error or warning"
else notok "lintian: no error or warning" "$(grep -v '^running with root privileges' "$T/lintian.log")"; fi

# --- Installing into scratch roots
# newroot DIR: an empty root with a dpkg database.
newroot() { mkdir -p "$1/var/lib/dpkg/info" "$1/var/lib/dpkg/updates" && : > "$1/var/lib/dpkg/status"; }
# dpkgr DIR ARGS...: dpkg on root DIR, quiet unless it fails.
dpkgr() {
  _r=$1; shift
  dpkg --root="$_r" --log=/dev/null "$@" > "$T/dpkg.log" 2>&1 || { cat "$T/dpkg.log"; return 1; }
}
# status DIR PACKAGE: dpkg's word for PACKAGE in root DIR; not-installed if it knows none.
status() {
  dpkg-query --admindir="$1/var/lib/dpkg" -W -f='${db:Status-Status}' "$2" 2>/dev/null || echo not-installed
}
# tree DIR: every path but dpkg's own database.
tree() { (cd "$1" && find . -path ./var/lib/dpkg -prune -o -printf '%M %p\n' | LC_ALL=C sort); }
# standin DIR NAME VERSION [PATH:CONTENT[:conffile]]...: a package of those files.
standin() {
  _d=$1/$2; shift 2; _name=${_d##*/} _v=$1; shift
  mkdir -p "$_d/DEBIAN"
  printf 'Package: %s\nVersion: %s\nArchitecture: all\nMaintainer: Test <test@example.org>\nDescription: stand-in\n' \
    "$_name" "$_v" > "$_d/DEBIAN/control"
  for _f; do
    _p=${_f%%:*} _rest=${_f#*:}
    mkdir -p "$_d/${_p%/*}" && printf '%s\n' "${_rest%%:*}" > "$_d/$_p"
    case $_rest in *:conffile) echo "/$_p" >> "$_d/DEBIAN/conffiles" ;; esac
  done
  dpkg-deb --root-owner-group -b "$_d" "$_d.deb" > /dev/null
}

R=$T/fresh
newroot "$R"
before=$(tree "$R")
check "dpkg -i into a fresh root" dpkgr "$R" -i "$DEB"
expect_eq "dpkg -L lists the package's files" \
  "$(dpkg --root="$R" -L ifenslave | grep -v '^/\.$' | LC_ALL=C sort)" \
  "$(dpkg-deb -c "$DEB" | awk '$6 != "./" { p = substr($6, 2); sub("/$", "", p); print p }' | LC_ALL=C sort)"
check "the installed ifenslave runs: --version" \
  sh -c '"$1/usr/sbin/ifenslave" --version | grep -qx "ifenslave $2"' sh "$R" "$VERSION"
check "dpkg -r" dpkgr "$R" -r ifenslave
expect_eq "dpkg -r leaves the root as it was" "$(tree "$R")" "$before"
check "dpkg --purge" dpkgr "$R" --purge ifenslave
expect_eq "dpkg --purge: ifenslave is not installed" "$(status "$R" ifenslave)" not-installed

# Over Debian's ifenslave 2.13 (its files, stand-ins for their content).
R=$T/debian
newroot "$R"
standin "$T" ifenslave 2.13 \
  "etc/network/if-pre-up.d/ifenslave:#!/bin/sh:conffile" \
  "etc/network/if-post-down.d/ifenslave:#!/bin/sh:conffile" \
  "lib/systemd/network/98-net-bonding.link:[Match]" \
  "usr/share/doc/ifenslave/README.Debian:bond-* options"
check "stand-in for Debian's ifenslave 2.13 installs" dpkgr "$R" -i "$T/ifenslave.deb"
check "dpkg -i upgrades it" dpkgr "$R" -i "$DEB"
expect_eq "the installed version" "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f='${Version}' ifenslave)" "1:$VERSION-1"
check "its bond-* hooks stay, obsolete conffiles" \
  test -f "$R/etc/network/if-pre-up.d/ifenslave" -a -f "$R/etc/network/if-post-down.d/ifenslave"
check "98-net-bonding.link is this package's" cmp "$R/lib/systemd/network/98-net-bonding.link" \
  "$ROOT/packaging/debian/98-net-bonding.link"
check "its README.Debian is gone" test ! -e "$R/usr/share/doc/ifenslave/README.Debian"
check "dpkg --purge" dpkgr "$R" --purge ifenslave
expect_eq "the purge takes the old hooks too: nothing is left" \
  "$(cd "$R" && find . -path ./var -prune -o -type f -print)" ""

# Over ifenslave-2.6 (Debian 9 and before): Conflicts and Replaces make dpkg remove it.
R=$T/old
newroot "$R"
standin "$T" ifenslave-2.6 1.1.0-27 "sbin/ifenslave-2.6:1.1.0"
check "stand-in for ifenslave-2.6 installs" dpkgr "$R" -i "$T/ifenslave-2.6.deb"
check "dpkg -i replaces it" dpkgr "$R" -i "$DEB"
expect_eq "ifenslave-2.6 is removed" "$(status "$R" ifenslave-2.6)" not-installed

echo "# $n checks, $( [ $failed -eq 0 ] && echo all passed || echo some failed)"
[ $failed -eq 0 ]
