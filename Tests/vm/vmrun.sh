#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vmrun.sh [-9p] KERNEL INITRD 'command'
#
# Boots KERNEL under QEMU and runs 'command' as root in the guest.  Its stdout and stderr
# (merged) become ours; its exit status becomes ours; 124 = timeout, 125 = the guest reported
# no status (boot failure, panic) or QEMU could not run.  The status is read from init's
# VMH-EXIT line in the console log: QEMU's isa-debug-exit code (status << 1 | 1) cannot tell
# guest status 0 from QEMU's own error exit 1, so it only serves to stop QEMU at once.
# -9p: the guest sees the host's / read-only (with a throw-away tmpfs overlay) and the current
#      directory read-write, and starts in it.  Without -9p only the initramfs exists.
# TCG unless the CPU has vmx/svm: a usable /dev/kvm is not enough (kvm_pvm hosts hang on boot).
# Env: VMH_ACCEL (tcg|kvm), VMH_MEM (MiB, 512), VMH_SMP (1), VMH_TIMEOUT (s, 600),
#      VMH_LOG (file for the kernel console log; default: a temporary file).
ROOT=initrd; [ "${1:-}" = -9p ] && { ROOT=9p; shift; }
[ $# -eq 3 ] || { echo "usage: vmrun.sh [-9p] KERNEL INITRD 'command'" >&2; exit 125; }
K=$1 I=$2 CMD=$3
Q=qemu-system-x86_64
command -v $Q >/dev/null || { echo "vmrun: $Q missing (apt-get install qemu-system-x86)" >&2; exit 125; }
[ -r "$K" ] && [ -r "$I" ] || { echo "vmrun: cannot read $K or $I" >&2; exit 125; }
case "$PWD" in *[!A-Za-z0-9/._+-]*) echo "vmrun: cwd must not need quoting on the kernel cmdline: $PWD" >&2; exit 125 ;; esac
LOG=${VMH_LOG:-}; [ -n "$LOG" ] && [ "$LOG" != /dev/null ] || { LOG=$(mktemp); trap 'rm -f "$LOG"' EXIT; }
: > "$LOG" || exit 125    # a status line left from an earlier run must not count
ACCEL=${VMH_ACCEL:-tcg}
[ -z "${VMH_ACCEL:-}" ] && grep -qE '^flags.* (vmx|svm)( |$)' /proc/cpuinfo && [ -w /dev/kvm ] && ACCEL=kvm
set --
[ $ROOT = 9p ] && set -- \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$PWD,mount_tag=work,security_model=none,multidevs=remap"
timeout "${VMH_TIMEOUT:-600}" $Q -accel "$ACCEL" -m "${VMH_MEM:-512}" -smp "${VMH_SMP:-1}" \
  -nodefaults -no-user-config -display none -no-reboot \
  -kernel "$K" -initrd "$I" \
  -append "console=ttyS0 loglevel=4 panic=-1 vmh.root=$ROOT vmh.cwd=$PWD vmh.cmd=$(printf '%s' "$CMD" | base64 -w0)" \
  -serial "file:$LOG" -serial stdio \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@" < /dev/null
q=$?
[ $q -eq 124 ] && { echo "vmrun: timeout after ${VMH_TIMEOUT:-600} s" >&2; exit 124; }
rc=$(grep -ao 'VMH-EXIT=[0-9]*' "$LOG" | tail -n 1 | cut -d= -f2)
[ -n "$rc" ] && exit "$rc"
echo "vmrun: guest reported no exit status (qemu rc=$q; boot failure or kernel panic)" >&2
exit 125
