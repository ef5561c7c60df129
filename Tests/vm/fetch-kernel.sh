#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch-kernel.sh OUTDIR [PKG]
#
# The host kernel has no bonding or dummy driver, so the tests boot a Debian kernel under QEMU.
# The package is downloaded and unpacked, never installed: installing drags in udev and
# initramfs-tools and takes about a minute; unpacking takes seconds and touches only OUTDIR.
#
# PKG defaults to the ABI package that linux-image-amd64 depends on right now, because old ABI
# packages disappear from the mirror.  Another suite (bullseye 5.10, trixie 6.12, sid 7.x)
# only needs an apt that knows it: export APT_CONFIG pointing at a private apt.conf (its own
# sourcelist, lists and cache dirs), run apt-get update once with it, then call this.
# Sid splits the kernel into packages of the same version that PKG depends on; they are
# fetched with it (see PARTS below).
#
# Writes OUTDIR/kroot (the unpacked packages, with modules.dep), OUTDIR/vmlinux and OUTDIR/kver.
# vmlinux is the ELF kernel: QEMU boots it through the PVH entry point, which skips ~3.5 s of
# XZ decompression under TCG on every boot.  Does nothing if OUTDIR already holds that kernel.
set -eu
OUT=${1:?usage: fetch-kernel.sh OUTDIR [PKG]}
PKG=${2:-$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')}
[ -n "$PKG" ] || { echo "fetch-kernel: apt does not know linux-image-amd64 (run apt-get update)" >&2; exit 1; }
KVER=${PKG#linux-image-}
if [ "$(cat "$OUT/kver" 2>/dev/null)" = "$KVER" ] && [ -s "$OUT/vmlinux" ] &&
   [ -s "$OUT/kroot/lib/modules/$KVER/modules.dep" ]; then
  exit 0
fi
for t in dpkg-deb depmod xz zstd; do
  command -v $t >/dev/null || { echo "fetch-kernel: $t missing (apt-get install dpkg kmod xz-utils zstd)" >&2; exit 1; }
done
mkdir -p "$OUT" && cd "$OUT"
rm -rf kroot dl kver vmlinux && mkdir kroot dl
# From sid's 7.x on, linux-image-KVER is empty and depends on the parts of the same version:
# linux-base-KVER (config, System.map, modules.builtin), linux-binary-KVER (vmlinuz) and
# linux-modules-KVER (the modules); all of them make the kernel. Up to trixie it depends on
# no package of its version and holds everything itself.
PARTS=$(apt-cache depends "$PKG" 2>/dev/null |
  awk -v v="$KVER" '$1 == "Depends:" && $2 ~ /^linux-[a-z]+-/ && substr($2, length($2) - length(v) + 1) == v {print $2}' |
  sort -u)
# As root, apt would drop to _apt for the download and complain that it cannot write here.
# shellcheck disable=SC2086
(cd dl && apt-get -q -o APT::Sandbox::User=root download "$PKG" $PARTS >/dev/null)
for deb in dl/*.deb; do dpkg-deb -x "$deb" kroot; done
rm -rf dl
# trixie and later ship modules under usr/lib only (merged /usr); kmod looks in lib/modules.
[ -e kroot/lib ] || ln -s usr/lib kroot/lib
depmod -b kroot "$KVER"    # the .deb ships no modules.dep; modprobe -d needs it
# The kernel and its config: boot/vmlinuz-KVER and boot/config-KVER up to trixie,
# usr/lib/modules/KVER/vmlinuz and .../config in sid's split packages.
Z=kroot/boot/vmlinuz-$KVER CONFIG=kroot/boot/config-$KVER
[ -s "$Z" ] || Z=kroot/usr/lib/modules/$KVER/vmlinuz
[ -s "$CONFIG" ] || CONFIG=kroot/usr/lib/modules/$KVER/config
[ -s "$Z" ] || { echo "fetch-kernel: $PKG${PARTS:+ and $(echo $PARTS)} hold no vmlinuz" >&2; exit 1; }
[ -s "$CONFIG" ] || { echo "fetch-kernel: $PKG${PARTS:+ and $(echo $PARTS)} hold no kernel config" >&2; exit 1; }
# bzImage = setup code + the compressed ELF kernel: XZ up to bookworm, zstd from trixie on.
# Cut from the stream's magic; the decompressor stops at the stream's end.
unpack() {    # unpack MAGIC COMMAND...
  off=$(LC_ALL=C grep -abo -m1 -P "$1" "$Z" | head -n1 | cut -d: -f1)
  [ -n "$off" ] || return 1
  shift
  tail -c +$((off + 1)) "$Z" | "$@" > vmlinux.tmp 2>/dev/null || true
  [ "$(head -c 4 vmlinux.tmp | od -An -c | tr -d ' ')" = '177ELF' ]
}
if grep -q '^CONFIG_PVH=y' "$CONFIG" &&
   { unpack '\xfd7zXZ\x00' xz -dc --single-stream || unpack '\x28\xb5\x2f\xfd' zstd -dcq; }; then
  mv vmlinux.tmp vmlinux
else
  rm -f vmlinux.tmp; cp "$Z" vmlinux    # no PVH: boot the bzImage, slower but works
fi
echo "$KVER" > kver
