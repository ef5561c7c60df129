#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Tests/packaging/slackbuild.sh: the Slackware packaging (packaging/slackware), on the host,
# as root (the SlackBuild chowns), without network and without a Swift build.
#
# Checks the scripts' syntax and the slack-desc and .info formats, then runs
# ifenslave.SlackBuild end to end on a tarball of the working tree (what `make dist` makes
# of a commit), with two stand-ins first on PATH: a swift that copies the binary `make`
# built into place instead of compiling, and a makepkg that keeps the package tree for
# inspection instead of packing it.  Then doinst.sh on a fresh and an upgraded root, and
# the sample rc.bond.conf through rc.bond with stand-ins for ifenslave and ip.
# Prints "ok N - ..." / "not ok N - ..." with details; exits 1 if any check failed.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=$ROOT/packaging/slackware
BIN=$ROOT/.build/release/ifenslave
. "$ROOT/Tests/packaging/tap.sh"
PRGNAM=ifenslave
[ "$(id -u)" -eq 0 ] || { echo "slackbuild.sh: run as root: the SlackBuild chowns its sources" >&2; exit 1; }
[ -x "$BIN" ] || { echo "slackbuild.sh: no $BIN; run make first" >&2; exit 1; }
# The SlackBuild reads these from the environment.
unset ARCH BUILD TAG PKGTYPE PRINT_PACKAGE_NAME
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# --- Syntax and formats
for f in ifenslave.SlackBuild rc.bond doinst.sh; do check "sh -n $f" sh -n "$S/$f"; done
check "bash -n ifenslave.SlackBuild" bash -n "$S/ifenslave.SlackBuild"

# slack-desc: comments, then the handy-ruler with its first '|' above the ':' after the
# name, then exactly 11 lines "NAME:", none running past the ruler's right '|', the first
# "NAME: NAME (short description)", no trailing blanks.
check "slack-desc format" awk -v name=$PRGNAM '
  function bad(m) { print "line " NR ": " m; errors++ }
  !ruler && (/^#/ || /^$/) { next }
  !ruler {
    ruler = $0
    if ($0 !~ /^ *\|-----handy-ruler-+\|$/) bad("expected the handy-ruler line")
    if (index($0, "|") != length(name) + 1) bad("the ruler'\''s first | is not above the colon")
    next
  }
  {
    lines++
    if (index($0, name ":") != 1) bad("does not start with " name ":")
    if (length($0) > length(ruler)) bad("runs past the ruler (" length($0) " > " length(ruler) ")")
    if ($0 ~ /[ \t]$/) bad("trailing blank")
    if (lines == 1 && index($0, name ": " name " (") != 1) bad("not \"" name ": " name " (...)\"")
  }
  END {
    if (!ruler) bad("no handy-ruler")
    if (lines != 11) bad(lines " description lines, not 11")
    exit errors > 0
  }' "$S/slack-desc"

# .info: every key SlackBuilds.org requires, in its order, each KEY="value", consistent
# with the SlackBuild.
info=$S/$PRGNAM.info
expect_eq ".info keys, in order" "$(sed 's/=.*//' "$info" | tr '\n' ' ')" \
  "PRGNAM VERSION HOMEPAGE DOWNLOAD MD5SUM DOWNLOAD_x86_64 MD5SUM_x86_64 REQUIRES MAINTAINER EMAIL "
check ".info lines are KEY=\"value\"" sh -c '! grep -vn "^[A-Z0-9_a-z]*=\"[^\"]*\"\$" "$1"' sh "$info"
iv() { sed -n "s/^$1=\"\(.*\)\"\$/\1/p" "$info"; }
expect_eq ".info PRGNAM" "$(iv PRGNAM)" $PRGNAM
expect_eq ".info VERSION is the SlackBuild's" "$(iv VERSION)" \
  "$(sed -n 's/^VERSION=\${VERSION:-\(.*\)}$/\1/p' "$S/$PRGNAM.SlackBuild")"
for k in HOMEPAGE DOWNLOAD DOWNLOAD_x86_64 MAINTAINER EMAIL; do
  if [ -n "$(iv $k)" ]; then ok ".info $k is set"; else notok ".info $k is empty"; fi
done
case $(iv DOWNLOAD_x86_64) in
  https://*/$PRGNAM-$VERSION.tar.gz) ok ".info DOWNLOAD_x86_64 is the tarball the SlackBuild unpacks" ;;
  *) notok ".info DOWNLOAD_x86_64 is not https://.../$PRGNAM-$VERSION.tar.gz" ;;
esac
for k in MD5SUM MD5SUM_x86_64; do
  case $(iv $k) in
    '') ok ".info $k is empty (filled in at release)" ;;
    *[!0-9a-f]*) notok ".info $k is not an MD5 sum" ;;
    ????????????????????????????????) ok ".info $k is an MD5 sum" ;;
    *) notok ".info $k is not an MD5 sum" ;;
  esac
done

# --- The SlackBuild, end to end
# The tarball: tracked files as they are now plus new files git does not ignore, which is
# what `make dist` (git archive) will hold once they are committed.
mkdir -p "$T/src/$PRGNAM-$VERSION" "$T/sbo" "$T/bin" "$T/tmp" "$T/out"
(cd "$ROOT" && git ls-files -co --exclude-standard | while IFS= read -r f; do
  if [ -e "$f" ]; then printf '%s\n' "$f"; fi; done | tar -cf - -T -) |
  tar -xf - -C "$T/src/$PRGNAM-$VERSION"
tar -czf "$T/sbo/$PRGNAM-$VERSION.tar.gz" -C "$T/src" "$PRGNAM-$VERSION"
cp "$S"/* "$T/sbo/"
cat > "$T/bin/swift" <<EOF
#!/bin/sh
# Stands in for swift build: the binary make built goes where swift build puts it.
echo "\$*" > '$T/swift.args'
mkdir -p .build/release && cp '$BIN' .build/release/ifenslave
EOF
cat > "$T/bin/makepkg" <<EOF
#!/bin/sh
# Stands in for makepkg: keeps its arguments and the tree it was to pack.
echo "\$*" > '$T/makepkg.args'
cp -a . '$T/pkg'
EOF
chmod 755 "$T/bin/swift" "$T/bin/makepkg"

name=$(PRINT_PACKAGE_NAME=1 bash "$T/sbo/$PRGNAM.SlackBuild")
expect_eq "PRINT_PACKAGE_NAME" "$name" "$PRGNAM-$VERSION-$(uname -m)-1_SBo.tgz"
if PATH="$T/bin:$PATH" SWIFT="$T/bin/swift" TMP="$T/tmp" OUTPUT="$T/out" \
    bash "$T/sbo/$PRGNAM.SlackBuild" > "$T/build.log" 2>&1; then
  ok "the SlackBuild runs"
else
  notok "the SlackBuild runs (exit $?); its last output:" "$(tail -n 15 "$T/build.log")"
fi
expect_eq "make ran swift build -c release" "$(cut -d' ' -f1-3 "$T/swift.args" 2>/dev/null)" "build -c release"
expect_eq "makepkg's arguments" "$(cat "$T/makepkg.args" 2>/dev/null)" "-l y -c n $T/out/$name"

P=$T/pkg D=usr/doc/$PRGNAM-$VERSION
expect_eq "the package's files" "$( (cd "$P" 2>/dev/null && find . ! -type d | sed 's,^\./,,' | LC_ALL=C sort) )" \
"etc/rc.d/rc.bond.conf.new
etc/rc.d/rc.bond.new
install/doinst.sh
install/slack-desc
$D/README.SLACKWARE
$D/README.md
$D/$PRGNAM.SlackBuild
usr/man/man8/$PRGNAM.8.gz
usr/sbin/$PRGNAM
usr/share/bash-completion/completions/$PRGNAM
usr/share/fish/vendor_completions.d/$PRGNAM.fish
usr/share/zsh/site-functions/_$PRGNAM"
check "usr/sbin/ifenslave runs: --version" sh -c '"$1" --version | grep -qx "ifenslave $2"' sh "$P/usr/sbin/$PRGNAM" "$VERSION"
check "the man page is gzipped" gzip -t "$P/usr/man/man8/$PRGNAM.8.gz"
check "rc.bond.new is not executable: installing does not enable it" test ! -x "$P/etc/rc.d/rc.bond.new"
for f in etc/rc.d/rc.bond.new:rc.bond etc/rc.d/rc.bond.conf.new:rc.bond.conf install/doinst.sh:doinst.sh \
  install/slack-desc:slack-desc "$D/$PRGNAM.SlackBuild:$PRGNAM.SlackBuild" "$D/README.SLACKWARE:README"; do
  check "${f%%:*} is packaging/slackware/${f#*:}" cmp "$P/${f%%:*}" "$S/${f#*:}"
done
check "every file belongs to root" sh -c '[ -z "$(find "$1" ! -user root -o ! -group root)" ]' sh "$P"

# --- doinst.sh: a fresh install takes the new files; an upgrade keeps the admin's mode on
# rc.bond and their edited rc.bond.conf, leaving the new one beside it as .new.
R=$T/fresh
mkdir -p "$R" && cp -a "$P/etc" "$R/" && (cd "$R" && sh "$P/install/doinst.sh")
expect_eq "fresh install: rc.d" "$(cd "$R/etc/rc.d" && ls)" "rc.bond
rc.bond.conf"
check "fresh install: rc.bond not enabled" test ! -x "$R/etc/rc.d/rc.bond"
R=$T/upgrade
mkdir -p "$R/etc/rc.d"
cp "$S/rc.bond" "$R/etc/rc.d/rc.bond" && chmod 755 "$R/etc/rc.d/rc.bond"
echo "bond0 active-backup - eth0,eth1" > "$R/etc/rc.d/rc.bond.conf"
cp -a "$P/etc" "$R/" && (cd "$R" && sh "$P/install/doinst.sh")
expect_eq "upgrade: rc.d" "$(cd "$R/etc/rc.d" && ls)" "rc.bond
rc.bond.conf
rc.bond.conf.new"
check "upgrade: rc.bond stays enabled" test -x "$R/etc/rc.d/rc.bond"
expect_eq "upgrade: the admin's rc.bond.conf stays" "$(cat "$R/etc/rc.d/rc.bond.conf")" "bond0 active-backup - eth0,eth1"

# --- The sample rc.bond.conf, uncommented, through rc.bond: stand-ins print what would run.
mkdir -p "$T/fake"
printf '#!/bin/sh\necho "ifenslave $*"\n' > "$T/fake/ifenslave"
printf '#!/bin/sh\necho "ip $*"\n' > "$T/fake/ip"
chmod 755 "$T/fake/ifenslave" "$T/fake/ip"
sed 's/^#bond/bond/' "$S/rc.bond.conf" > "$T/sample.conf"
# Names no host has, so rc.bond never finds the bonds (and would only reach the fake ip).
sed -i 's/\bbond\([01]\)\b/rcbondtest\1/' "$T/sample.conf"
expect_eq "the sample's lines give these commands" \
  "$(PATH="$T/fake:$PATH" IFENSLAVE=$T/fake/ifenslave RC_BOND_CONF=$T/sample.conf sh "$S/rc.bond" start 2>&1)" \
  "ifenslave --mode 802.3ad --miimon=100 --lacp-rate=fast --xmit-hash-policy=layer3+4 rcbondtest0 eth0 eth1
ifenslave --mode active-backup --miimon=100 --primary=eth2 rcbondtest1 eth2 eth3"

echo "# $n checks, $( [ $failed -eq 0 ] && echo all passed || echo some failed)"
[ $failed -eq 0 ]
