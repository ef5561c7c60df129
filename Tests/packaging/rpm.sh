#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Tests/packaging/rpm.sh: the RPM for RHEL/CentOS 7 and later (`make rpm`,
# packaging/rpm/ifenslave.spec), on the host, as root (chroot), without network. Needs the
# release binary (make).
#
# Builds the package, then checks what RHEL 7's rpm 4.11 needs of it (an xz or gzip payload,
# no rpmlib feature newer than 4.11, no requirement a RHEL lacks), its name, version (the
# Makefile's) and licence, and its file list with modes and owners. Then rpm --root installs
# it into scratch roots whose /bin/sh is busybox, so that the scriptlets run: a fresh one,
# where erasing leaves the root as it was, and one with a stand-in for RHEL's iputils, which
# owns /usr/sbin/ifenslave and ifenslave.8.gz: the package's links take their place while it
# is installed, through iputils' update and erasure, and erasing it gives them back.
# Prints "ok N - ..." / "not ok N - ..." with details; exits 1 if any check failed.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$ROOT/.build/release/ifenslave
. "$ROOT/Tests/packaging/tap.sh"
[ "$(id -u)" -eq 0 ] || { echo "rpm.sh: run as root: the scriptlets run in a chroot" >&2; exit 1; }
[ -x "$BIN" ] || { echo "rpm.sh: no $BIN; run make first" >&2; exit 1; }
BUSYBOX=$(command -v busybox) || { echo "rpm.sh: needs busybox (busybox-static)" >&2; exit 1; }
RPM=$ROOT/.build/packages/ifenslave-$VERSION-1.x86_64.rpm
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

q() { rpm -qp --qf "$1" "$RPM" 2>/dev/null; }

# --- Build
rm -f "$RPM"
if make -s -C "$ROOT" rpm > "$T/build.log" 2>&1; then ok "make rpm"
else notok "make rpm (exit $?); its last output:" "$(tail -n 15 "$T/build.log")"; fi
check "make rpm wrote .build/packages/ifenslave-$VERSION-1.x86_64.rpm" test -f "$RPM"
check "rpm -K: the digests match" rpm -K --nosignature "$RPM"

# --- What RHEL 7's rpm 4.11 reads
case $(q '%{PAYLOADCOMPRESSOR}') in
  xz|gzip) ok "payload compressor $(q '%{PAYLOADCOMPRESSOR}'), which rpm 4.11 reads" ;;
  *) notok "payload compressor is xz or gzip, which rpm 4.11 reads" "$(q '%{PAYLOADCOMPRESSOR}')" ;;
esac
expect_eq "payload format" "$(q '%{PAYLOADFORMAT}')" cpio
# The rpmlib() features rpm 4.11 has (lib/rpmds.c); zstd payloads, rich dependencies and
# large files came later.
rpm411="CompressedFileNames ExplicitPackageProvide FileCaps FileDigests HeaderLoadSortsTags
  PartialHardlinkSets PayloadFilesHavePrefix PayloadIsBzip2 PayloadIsLzma PayloadIsXz
  ScriptletInterpreterArgs TildeInVersions VersionedDependencies BuiltinLuaScripts"
newer=$(rpm -qp --requires "$RPM" | sed -n 's/^rpmlib(\([^)]*\)).*/\1/p' | while read -r f; do
  printf '%s\n' $rpm411 | grep -qx "$f" || echo "$f"; done)
expect_eq "every rpmlib() feature required is one rpm 4.11 has" "$newer" ""
expect_eq "Requires: only rpmlib(), /bin/sh and coreutils (the binary is static)" \
  "$(rpm -qp --requires "$RPM" | grep -v '^rpmlib(' | LC_ALL=C sort -u | tr '\n' ' ')" "/bin/sh coreutils "
expect_eq "Provides: only the package itself" "$(rpm -qp --provides "$RPM" | tr '\n' ' ')" \
  "ifenslave = $VERSION-1 ifenslave(x86-64) = $VERSION-1 "

# --- Header
expect_eq "name, version (the Makefile's), release, arch" "$(q '%{NAME} %{VERSION} %{RELEASE} %{ARCH}')" \
  "ifenslave $VERSION 1 x86_64"
expect_eq "licence" "$(q '%{LICENSE}')" GPL-2.0-or-later
expect_eq "the changelog's entry is the package's version" \
  "$(rpm -qp --changelog "$RPM" | sed -n '1s/.* - //p')" "$VERSION-1"

# --- Contents: every path with its mode and owner.
DOC=/usr/share/doc/ifenslave-$VERSION LIC=/usr/share/licenses/ifenslave-$VERSION
expect_eq "the package's files, modes and owners" \
  "$(q '[%{FILEMODES:perms} %{FILEUSERNAME}/%{FILEGROUPNAME} %{FILENAMES}\n]' | LC_ALL=C sort -k3)" \
"drwxr-xr-x root/root /usr/libexec/ifenslave
-rwxr-xr-x root/root /usr/libexec/ifenslave/ifenslave
-rwxr-xr-x root/root /usr/libexec/ifenslave/links
drwxr-xr-x root/root /usr/share/bash-completion
drwxr-xr-x root/root /usr/share/bash-completion/completions
-rw-r--r-- root/root /usr/share/bash-completion/completions/ifenslave
drwxr-xr-x root/root $DOC
-rw-r--r-- root/root $DOC/README.md
drwxr-xr-x root/root /usr/share/fish
drwxr-xr-x root/root /usr/share/fish/vendor_completions.d
-rw-r--r-- root/root /usr/share/fish/vendor_completions.d/ifenslave.fish
drwxr-xr-x root/root /usr/share/ifenslave
drwxr-xr-x root/root /usr/share/ifenslave/man
drwxr-xr-x root/root /usr/share/ifenslave/man/man8
-rw-r--r-- root/root /usr/share/ifenslave/man/man8/ifenslave.8.gz
drwxr-xr-x root/root $LIC
-rw-r--r-- root/root $LIC/COPYING
drwxr-xr-x root/root /usr/share/zsh
drwxr-xr-x root/root /usr/share/zsh/site-functions
-rw-r--r-- root/root /usr/share/zsh/site-functions/_ifenslave"
expect_eq "COPYING is %license, README.md %doc" \
  "$(q '[%{FILENAMES} %{FILEFLAGS:fflags}\n]' | grep -E 'COPYING|README' | sed 's,.*/,,')" "README.md d
COPYING l"
check "the links script parses (sh -n)" sh -n "$ROOT/packaging/rpm/links"

# --- Installing into scratch roots
# newroot DIR: a root with busybox as /bin/sh and the directories RHEL's filesystem package
# owns.
newroot() {
  mkdir -p "$1/bin" "$1/usr/sbin" "$1/usr/libexec" "$1/usr/share/man/man8" "$1/usr/share/doc" \
    "$1/usr/share/licenses" "$1/var/tmp" "$1/var/lib/rpm"
  cp "$BUSYBOX" "$1/bin/busybox" && chroot "$1" /bin/busybox --install -s /bin
}
# rpmr DIR ARGS...: rpm on root DIR; what it prints (a scriptlet's failure) is a failure.
rpmr() {
  _r=$1; shift
  rpm --root "$_r" --dbpath /var/lib/rpm --force-debian --nodeps "$@" > "$T/rpm.log" 2>&1 &&
    [ ! -s "$T/rpm.log" ] || { cat "$T/rpm.log"; return 1; }
}
# tree DIR: every path but rpm's database.
tree() { (cd "$1" && find . -path ./var/lib/rpm -prune -o -printf '%M %p\n' | LC_ALL=C sort); }
# links_are DIR: /usr/sbin/ifenslave and ifenslave.8.gz are the package's links.
links_are() {
  [ "$(readlink "$1/usr/sbin/ifenslave")" = /usr/libexec/ifenslave/ifenslave ] &&
    [ "$(readlink "$1/usr/share/man/man8/ifenslave.8.gz")" = /usr/share/ifenslave/man/man8/ifenslave.8.gz ]
}

R=$T/fresh
newroot "$R"
before=$(tree "$R")
check "rpm -i into a fresh root" rpmr "$R" -i "$RPM"
expect_eq "rpm -ql lists the package's files" "$(rpm --root "$R" --dbpath /var/lib/rpm -ql ifenslave | LC_ALL=C sort)" \
  "$(q '[%{FILENAMES}\n]' | LC_ALL=C sort)"
check "/usr/sbin/ifenslave and ifenslave.8.gz are links to the package's" links_are "$R"
check_payload "$R" usr/libexec/ifenslave/ifenslave usr/share/ifenslave/man/man8/ifenslave.8.gz zsh/site-functions
check "COPYING is the GPL-2" cmp "$R$LIC/COPYING" "$ROOT/COPYING"
check "rpm -V: the installed files are the package's" rpm --root "$R" --dbpath /var/lib/rpm -V --nodeps ifenslave
check "rpm -e" rpmr "$R" -e ifenslave
expect_eq "rpm -e leaves the root as it was" "$(tree "$R")" "$before"

# With iputils, which owns /usr/sbin/ifenslave (the kernel's 1.1.0) and its man page.
# iputils_rpm RELEASE: a stand-in of that release, its ifenslave a script naming it.
iputils_rpm() {
  cat > "$T/iputils.spec" <<EOF
Name: iputils
Version: 20160308
Release: $1
Summary: stand-in for RHEL's iputils
License: BSD
AutoReqProv: no
%define _binary_payload w9.gzdio
%description
A stand-in.
%install
mkdir -p %{buildroot}/usr/sbin %{buildroot}/usr/share/man/man8
printf '#!/bin/sh\necho iputils-$1\n' > %{buildroot}/usr/sbin/ifenslave
chmod 755 %{buildroot}/usr/sbin/ifenslave
echo '.TH IFENSLAVE 8 iputils-$1' | gzip -9n > %{buildroot}/usr/share/man/man8/ifenslave.8.gz
%files
/usr/sbin/ifenslave
/usr/share/man/man8/ifenslave.8.gz
EOF
  rpmbuild -bb --quiet --define "_topdir $T/rpmbuild" --define "_rpmdir $T" \
    --define "_rpmfilename iputils-$1.rpm" "$T/iputils.spec" > "$T/iputils.log" 2>&1 ||
    { cat "$T/iputils.log"; return 1; }
}
# is_iputils DIR RELEASE [SUFFIX]: /usr/sbin/ifenslave[SUFFIX] and its man page are the
# regular files of that iputils release.
is_iputils() {
  [ ! -L "$1/usr/sbin/ifenslave${3-}" ] && [ "$(cat "$1/usr/sbin/ifenslave${3-}")" = "#!/bin/sh
echo iputils-$2" ] && [ ! -L "$1/usr/share/man/man8/ifenslave${3-}.8.gz" ] &&
    zcat "$1/usr/share/man/man8/ifenslave${3-}.8.gz" | grep -qx ".TH IFENSLAVE 8 iputils-$2"
}
no_saved() { [ ! -e "$1/usr/sbin/ifenslave-iputils" ] && [ ! -e "$1/usr/share/man/man8/ifenslave-iputils.8.gz" ]; }

R=$T/rhel
newroot "$R"
check "stand-in for iputils 20160308-10 builds" iputils_rpm 10
check "stand-in for iputils 20160308-11 builds" iputils_rpm 11
check "iputils-10 installs" rpmr "$R" -i "$T/iputils-10.rpm"
check "rpm -i beside iputils: no file conflict" rpmr "$R" -i "$RPM"
check "the package's links are /usr/sbin/ifenslave and ifenslave.8.gz" links_are "$R"
check "iputils' files are kept as ifenslave-iputils" is_iputils "$R" 10 -iputils
expect_eq "rpm -V iputils names the two files, as the package's description says" \
  "$(rpm --root "$R" --dbpath /var/lib/rpm -V --nodeps iputils | awk '{ print $NF }' | tr '\n' ' ')" \
  "/usr/sbin/ifenslave /usr/share/man/man8/ifenslave.8.gz "
check "rpm -U iputils-11" rpmr "$R" -U "$T/iputils-11.rpm"
check "after iputils' update: the package's links again" links_are "$R"
check "after iputils' update: its new files are kept as ifenslave-iputils" is_iputils "$R" 11 -iputils
check "rpm -e ifenslave" rpmr "$R" -e ifenslave
check "iputils' files are back" is_iputils "$R" 11
check "no ifenslave-iputils is left" no_saved "$R"
check "rpm -V iputils: its files are as it installed them" rpm --root "$R" --dbpath /var/lib/rpm -V --nodeps iputils
check "rpm -i again" rpmr "$R" -i "$RPM"
check "rpm -e iputils" rpmr "$R" -e iputils
check "after iputils' erasure: the package's links" links_are "$R"
check "after iputils' erasure: no ifenslave-iputils is left" no_saved "$R"
check "rpm -e ifenslave" rpmr "$R" -e ifenslave
expect_eq "nothing is left of either" "$(tree "$R" | grep -i ifenslave)" ""

echo "# $n checks, $( [ $failed -eq 0 ] && echo all passed || echo some failed)"
[ $failed -eq 0 ]
