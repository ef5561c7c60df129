#!/bin/sh
# run.sh GUEST-SCRIPT [ARGS...]
#
# Host entry point: runs GUEST-SCRIPT (a path relative to the repository root) as root inside a
# QEMU guest booted from Debian's kernel, because the host kernel has no bonding driver.  The
# guest sees the host's / read-only and the checkout read-write, so it runs the freshly built
# binaries.  Fetches the kernel and builds the initramfs on first use.  Exits with the guest
# script's status; fails loudly (never skips) when no VM can be booted.  The command travels
# on the kernel command line (~2 KB, base64), so pass file names, not long scripts.
# Env: VMH_SUITE (the host's Debian suite; also bullseye, trixie) picks the kernel, kept in
#      .build/vm/SUITE; VMH_KPKG names another kernel package of that suite.
#      VMH_MEM, VMH_TIMEOUT, VMH_ACCEL, VMH_LOG as in vmrun.sh.
# --prepare: only fetch the kernel and build the initramfs (for runs that then go in parallel).
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
VM=.build/vm/$SUITE
if [ ! -s "$VM/vmlinux" ] || [ ! -s "$VM/kver" ] || [ -n "${VMH_KPKG:-}" ]; then
  # Another suite's kernel comes through a private apt configuration for that suite.
  if [ "$SUITE" != "$VERSION_CODENAME" ]; then
    APT_CONFIG=$("$HERE/suite-apt.sh" "$SUITE" "$ROOT/.build/vm/apt-$SUITE") ||
      die "apt cannot reach Debian $SUITE"
    export APT_CONFIG
  fi
  "$HERE/fetch-kernel.sh" "$VM" ${VMH_KPKG:-} || die "cannot fetch the $SUITE kernel into $VM"
fi
KVER=$(cat "$VM/kver")
I=$VM/initrd.gz
if [ ! -s "$I" ] || [ "$HERE/init" -nt "$I" ] || [ "$HERE/mkinitrd.sh" -nt "$I" ] || [ "$VM/kver" -nt "$I" ]; then
  "$HERE/mkinitrd.sh" "$VM/kroot" "$KVER" "$I" || die "cannot build $I"
fi
[ "$1" != --prepare ] || exit 0
# The command line carries the command: quote every word for the guest's sh.
cmd=sh
for a in "$@"; do cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"; done
export VMH_LOG=${VMH_LOG:-$VM/console.log}
rc=0
"$HERE/vmrun.sh" -9p "$VM/vmlinux" "$I" "$cmd" || rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 125 ]; then
  [ -f "$VMH_LOG" ] && { echo "--- last lines of $VMH_LOG:" >&2; tail -n 20 "$VMH_LOG" >&2; }
  echo "run.sh: FAIL: the VM did not complete (status $rc, kernel $KVER)" >&2
fi
exit $rc
