#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mkinitrd.sh KROOT KVER OUT.gz [SRC[=DEST]...]
# mkinitrd.sh --mods DIR KVER OUT.gz [SRC[=DEST]...]
#
# A tiny initramfs instead of the distribution's: static busybox, our /init, and only the kernel
# modules the tests need, so it builds in a fraction of a second and boots in ~3 s under TCG.
# Modules come with their dependencies in load order (modprobe --show-depends) because busybox
# insmod resolves nothing itself; on 6.1 bonding needs tls. --mods takes a kernel directory's
# modules as they are, DIR/*.ko loaded in the order DIR/order gives.
# SRC[=DEST] packs extra host files (plus the libraries ldd names) for hermetic runs without 9p.
set -eu
MODDIR=; [ "${1:-}" = --mods ] && { MODDIR=${2:?}; shift 2; set -- - "$@"; }
KROOT=${1:?usage: mkinitrd.sh KROOT|--mods DIR KVER OUT.gz [SRC[=DEST]...]} KVER=${2:?} OUT=${3:?}; shift 3
HERE=$(cd "$(dirname "$0")" && pwd)
BB=$(command -v busybox) || { echo "mkinitrd: busybox missing (apt-get install busybox-static)" >&2; exit 1; }
ldd "$BB" >/dev/null 2>&1 && { echo "mkinitrd: $BB is dynamic; install busybox-static" >&2; exit 1; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
mkdir -p "$W/bin" "$W/dev" "$W/proc" "$W/sys" "$W/tmp" "$W/run" "$W/var" "$W/mods"
ln -s ../run "$W/var/run"    # ip netns keeps its mounts in /run/netns, some tools say /var/run
cp "$BB" "$W/bin/busybox"
if [ -n "$MODDIR" ]; then
  while read -r name; do
    cp "$MODDIR/$name" "$W/mods/$name" || exit 1
    echo "$name" >> "$W/mods/order"
  done < "$MODDIR/order"
else
  MODS="bonding dummy veth bridge 8021q nlmon ipvlan macvlan 9p 9pnet_virtio virtio_pci overlay"
  for m in sch_tbf sch_netem; do    # traffic shaping, only if this kernel builds them
    modprobe -d "$KROOT" -S "$KVER" -n "$m" 2>/dev/null && MODS="$MODS $m"
  done
  # -a: without it kmod takes every name after the first for a module parameter.
  # Compressed modules (trixie: .ko.xz) are unpacked: busybox insmod reads plain .ko only.
  modprobe -d "$KROOT" -S "$KVER" --show-depends -a $MODS |
    awk '$1 == "insmod" && !seen[$2]++ {print $2}' |
    while read -r ko; do
      name=$(basename "$ko"); name=${name%.xz}
      case $ko in *.xz) xz -dc "$ko" > "$W/mods/$name" ;; *) cp "$ko" "$W/mods/$name" ;; esac
      echo "$name" >> "$W/mods/order"
    done
fi
cp "$HERE/init" "$W/init" && chmod +x "$W/init"
for spec in "$@"; do
  f=${spec%%=*} d=${spec#*=}
  mkdir -p "$W$(dirname "$d")" && cp -L "$f" "$W$d"
  for l in $(ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\t\// {print $1}'); do
    mkdir -p "$W$(dirname "$l")" && cp -L "$l" "$W$l"
  done
done
(cd "$W" && find . | "$BB" cpio -o -H newc -R 0:0 2>/dev/null) | gzip -1 > "$OUT.tmp.$$"
mv "$OUT.tmp.$$" "$OUT"    # atomic: a parallel run never boots a half-written image
