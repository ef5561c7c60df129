#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh GUEST-SCRIPT [ARGS...]
#
# Host entry point: runs GUEST-SCRIPT (a path relative to the repository root) as root inside a
# QEMU guest booted from Debian's kernel, because the host kernel has no bonding driver.  The
# guest sees the host's / read-only and the checkout read-write, so it runs the freshly built
# binaries.  Fetches the kernel and builds the initramfs on first use.  Exits with the guest
# script's status; fails loudly (never skips) when no VM can be booted.  The command travels
# on the kernel command line (~2 KB, base64), so pass file names, not long scripts.
# Env: VMH_SUITE picks the kernel: a Debian suite (the host's by default; also bullseye,
#      trixie, sid), fetched into .build/vm/SUITE, with VMH_KPKG naming another kernel package of
#      it; or a kernel directory (a path: it has a /), as ../shared/kernels/* are laid out:
#      bzImage or vmlinux, its modules in mods/ with their load order in mods/order (or
#      installed under lib/modules/KVER), and optionally kver. Its initramfs goes to .build/vm/BASENAME.
#      VMH_MEM, VMH_TIMEOUT, VMH_ACCEL, VMH_LOG as in vmrun.sh.
# --prepare: only fetch the kernel and build the initramfs (for runs that then go in parallel).
# Either way sid's iproute2 is fetched too (Tests/vm/fetch-iproute2.sh): the guests read the
# kernel's views with it.
set -eu
[ $# -ge 1 ] || { echo "usage: Tests/vm/run.sh --prepare | GUEST-SCRIPT [ARGS...]" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
die() { echo "run.sh: FAIL: $*" >&2; exit 1; }
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
[ "$1" = --prepare ] || [ -f "$1" ] || die "no guest script $1 (paths are relative to $ROOT)"
. /etc/os-release
SUITE=${VMH_SUITE:-$VERSION_CODENAME}
case $SUITE in
*/*)
  KDIR=$(cd "$SUITE" 2>/dev/null && pwd) || die "no kernel directory $SUITE"
  VM=.build/vm/$(basename "$KDIR")
  K=$KDIR/bzImage; [ -s "$K" ] || K=$KDIR/vmlinux
  [ -s "$K" ] || die "$KDIR has neither bzImage nor vmlinux"
  mkdir -p "$VM"
  KVER=$(cat "$KDIR/kver" 2>/dev/null || "$HERE/kernel-version.sh" "$K") || die "cannot tell the version of $K"
  [ "$(cat "$VM/kver" 2>/dev/null)" = "$KVER" ] || echo "$KVER" > "$VM/kver"
  # The guest sees the checkout, not the host's /tmp: a case that loads a module again
  # (99-no-bonding-driver) finds the modules here.
  if [ -s "$KDIR/mods/order" ] && { [ ! -d "$VM/mods" ] || [ "$KDIR/mods/order" -nt "$VM/mods/order" ]; }; then
    rm -rf "$VM/mods" && cp -R "$KDIR/mods" "$VM/mods"
  fi
  if [ -s "$KDIR/mods/order" ]; then
    MODS="--mods $KDIR/mods"
  elif [ -d "$KDIR/lib/modules/$KVER" ]; then
    # A kernel as installed (/lib/modules/KVER): modprobe finds the modules' dependencies.
    [ -s "$KDIR/lib/modules/$KVER/modules.dep" ] || depmod -b "$KDIR" "$KVER" || die "depmod failed in $KDIR"
    MODS=$KDIR
  else
    die "$KDIR has neither mods/order (modules and their load order) nor lib/modules/$KVER"
  fi
  ;;
*)
  VM=.build/vm/$SUITE K=$VM/vmlinux MODS=
  ;;
esac
if [ -z "$MODS" ] && { [ ! -s "$VM/vmlinux" ] || [ ! -s "$VM/kver" ] || [ -n "${VMH_KPKG:-}" ]; }; then
  # Another suite's kernel comes through a private apt configuration for that suite.
  if [ "$SUITE" != "$VERSION_CODENAME" ]; then
    APT_CONFIG=$("$HERE/suite-apt.sh" "$SUITE" "$ROOT/.build/vm/apt-$SUITE") ||
      die "apt cannot reach Debian $SUITE"
    export APT_CONFIG
  fi
  "$HERE/fetch-kernel.sh" "$VM" ${VMH_KPKG:-} || die "cannot fetch the $SUITE kernel into $VM"
fi
KVER=$(cat "$VM/kver")
# The guests read the kernel's views with sid's iproute2 (Tests/vm/ip7), kept in .build/vm.
"$HERE/fetch-iproute2.sh" >/dev/null || die "cannot fetch sid's iproute2 into .build/vm"
I=$VM/initrd.gz
if [ ! -s "$I" ] || [ "$HERE/init" -nt "$I" ] || [ "$HERE/mkinitrd.sh" -nt "$I" ] || [ "$VM/kver" -nt "$I" ] ||
   { [ -n "$MODS" ] && [ "$KDIR/mods/order" -nt "$I" ]; }; then
  # shellcheck disable=SC2086
  "$HERE/mkinitrd.sh" ${MODS:-"$VM/kroot"} "$KVER" "$I" || die "cannot build $I"
fi
[ "$1" != --prepare ] || exit 0
# The command line carries the command: quote every word for the guest's sh.
cmd=sh
for a in "$@"; do cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"; done
export VMH_LOG=${VMH_LOG:-$VM/console.log}
rc=0
"$HERE/vmrun.sh" -9p "$K" "$I" "$cmd" || rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 125 ]; then
  [ -f "$VMH_LOG" ] && { echo "--- last lines of $VMH_LOG:" >&2; tail -n 20 "$VMH_LOG" >&2; }
  echo "run.sh: FAIL: the VM did not complete (status $rc, kernel $KVER)" >&2
fi
exit $rc
