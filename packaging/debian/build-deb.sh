#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# build-deb.sh ROOT VERSION OUTDIR: packs ROOT, which `make install DESTDIR=ROOT PREFIX=/usr
# ZSHCOMPDIR=/usr/share/zsh/vendor-completions` filled (`make deb` does both), into
# OUTDIR/ifenslave_VERSION-1_ARCH.deb with this directory's files added: the man page
# gzipped, the copyright and changelog, the ifupdown example, the udev link file and the
# lintian overrides. Owner root:root (dpkg-deb --root-owner-group, no fakeroot), and every
# time stamp SOURCE_DATE_EPOCH (the last commit's time), so the same tree packs the same.
set -eu
[ $# -eq 3 ] || { echo "usage: $0 ROOT VERSION OUTDIR" >&2; exit 2; }
ROOT=$1 VERSION=$2 OUT=$3
D=$(cd "$(dirname "$0")" && pwd)
MAINTAINER="ifenslave maintainers <maintainers@example.org>"
DEBVERSION=1:$VERSION-1
ARCH=$(dpkg --print-architecture)
: "${SOURCE_DATE_EPOCH:=$(git -C "$D" log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH
DOC=$ROOT/usr/share/doc/ifenslave

[ -x "$ROOT/usr/sbin/ifenslave" ] || { echo "$0: no $ROOT/usr/sbin/ifenslave: run make install first" >&2; exit 1; }
gzip -9n "$ROOT/usr/share/man/man8/ifenslave.8"
install -d "$DOC/examples" "$ROOT/usr/share/lintian/overrides" "$ROOT/lib/systemd/network" "$ROOT/DEBIAN"
install -m 0644 "$D/interfaces.example" "$DOC/examples/interfaces.example"
install -m 0644 "$D/98-net-bonding.link" "$ROOT/lib/systemd/network/98-net-bonding.link"
install -m 0644 "$D/lintian-overrides" "$ROOT/usr/share/lintian/overrides/ifenslave"

fill() {
  sed -e '/^#/d' -e "s/@DEBVERSION@/$DEBVERSION/g" -e "s/@VERSION@/$VERSION/g" \
    -e "s/@ARCH@/$ARCH/g" -e "s/@MAINTAINER@/$MAINTAINER/g" \
    -e "s/@DATE@/$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")/g" "$@"
}
fill "$D/copyright" > "$DOC/copyright"
fill "$D/changelog" | gzip -9n > "$DOC/changelog.Debian.gz"
chmod 0644 "$DOC/copyright" "$DOC/changelog.Debian.gz"

# The Debian packages whose static libraries the linker took (Swift's driver finds them as
# its clang does), named by source package and version. dpkg knows each file by the path
# its package has, /lib or /usr/lib (merged /usr has both).
CLANG=${CLANG:-$(dirname "$(command -v swift)")/clang}
source_of() {
  f=$("$CLANG" -print-file-name="$1")
  p=$(dpkg -S "$f" 2>/dev/null || dpkg -S "$(realpath "$f")") || {
    echo "$0: no Debian package has $f ($1)" >&2; return 1; }
  dpkg-query -W -f='${source:Package} (= ${source:Version})\n' "${p%%: *}"
}
sources=$(for lib in libc.a libnl-3.a libnl-route-3.a libstdc++.a libgcc.a; do
  source_of $lib || exit 1; done)
built_using=$(printf '%s\n' "$sources" | LC_ALL=C sort -u | sed ':a;N;s/\n/, /;ta')
# Installed-Size as dpkg-gencontrol counts it: each file in KiB, rounded up, and 1 for
# anything else.
size=$(cd "$ROOT" && find . ! -path './DEBIAN*' -printf '%y %s\n' |
  awk '{ s += $1 == "f" ? int(($2 + 1023) / 1024) : 1 } END { print s }')
fill "$D/control" | sed -e "s/@INSTALLED_SIZE@/$size/" -e "s/@BUILT_USING@/$built_using/" \
  > "$ROOT/DEBIAN/control"
(cd "$ROOT" && find . -type f ! -path './DEBIAN/*' -printf '%P\n' | LC_ALL=C sort |
  xargs md5sum) > "$ROOT/DEBIAN/md5sums"
chmod 0644 "$ROOT/DEBIAN/control" "$ROOT/DEBIAN/md5sums"

find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$OUT"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$OUT/ifenslave_${VERSION}-1_$ARCH.deb"
