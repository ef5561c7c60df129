#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# matrix.sh [KERNEL:BACKEND...]: the VM suite on every kernel and backend ifenslave supports:
# Debian bookworm (6.1), bullseye (5.10), trixie (6.12) and sid (7.x), each with --backend
# netlink and --backend ioctl, and the real 3.10 kernels: vanilla 3.10.108 and RHEL 7's 3.10.0-1160,
# each with --backend auto and --backend ioctl. Any failure, on any kernel or backend, fails
# the whole. KERNEL is a Debian suite or a kernel directory (a path, see run.sh); a run is
# named by the suite or the directory's basename, as cases' "# matrix-runs:" lines name it.
#
# The 3.10 kernels come from ../shared/kernels (VMH_KERNELS); where 3.10.108 is not there it
# is built from kernel.org's tarball (Tests/vm/kernels/build-3.10.108.sh) into .build/kernels.
#
# Each VM runs under TCG and keeps one core busy, so runs go VMH_JOBS (default: the number of
# cores) at a time. Kernels are fetched first, one by one, so that parallel runs never fetch
# the same one. Logs: .build/vm/logs/NAME-BACKEND.log (and .console for the kernel's).
set -u
cd "$(dirname "$0")/../.."
name() { case $1 in */*) basename "$1" ;; *) echo "$1" ;; esac; }
if [ "${1:-}" = --one ]; then
  kernel=${2%:*} backend=${2##*:}
  run=$(name "$kernel"):$backend log=.build/vm/logs/$(name "$kernel")-$backend
  # A case whose "# matrix-runs:" line does not name this run is left to the runs it names:
  # what it tests does not depend on the kernel (shell completion, signal handling).
  cases=
  for c in Tests/vm/cases/*.sh; do
    only=$(sed -n 's/^# matrix-runs: //p' "$c")
    case " ${only:-$run} " in *" $run "*) cases="$cases $c" ;; esac
  done
  rc=0
  # shellcheck disable=SC2086
  # A run of every case takes about 8 minutes on bookworm under TCG: room for a slow machine.
  VMH_TIMEOUT=${VMH_TIMEOUT:-1500} VMH_SUITE=$kernel VMH_LOG=$log.console Tests/vm/run.sh Tests/vm/guest/run-cases.sh --backend "$backend" \
    $cases > "$log.log" 2>&1 || rc=$?
  echo "$rc" > "$log.rc"
  exit 0
fi
KERNELS=${VMH_KERNELS:-../shared/kernels}
if [ $# -eq 0 ]; then
  K310=$KERNELS/linux-3.10.108 EL7=$KERNELS/linux-3.10.0-1160.el7
  if [ ! -d "$K310" ]; then
    K310=.build/kernels/linux-3.10.108
    Tests/vm/kernels/build-3.10.108.sh "$K310" ||
      { echo "matrix: FAIL: no 3.10.108 kernel: not in $KERNELS, and it cannot be built from kernel.org's tarball"; exit 1; }
  fi
  [ -d "$EL7" ] || { echo "matrix: FAIL: no RHEL 7 kernel: $EL7 is missing (VMH_KERNELS names another folder)"; exit 1; }
  set -- bookworm:netlink bookworm:ioctl bullseye:netlink bullseye:ioctl trixie:netlink trixie:ioctl \
    sid:netlink sid:ioctl \
    "$K310:auto" "$K310:ioctl" "$EL7:auto" "$EL7:ioctl"
fi
RUNS=$*
mkdir -p .build/vm/logs
for kernel in $(printf '%s\n' $RUNS | sed 's/:[^:]*$//' | sort -u); do
  VMH_SUITE=$kernel Tests/vm/run.sh --prepare || { echo "matrix: FAIL: cannot prepare the $kernel kernel"; exit 1; }
done
started=$(date +%s)
printf '%s\n' $RUNS | xargs -P "${VMH_JOBS:-$(nproc)}" -I{} sh "$0" --one {}
failed=0
for run in $RUNS; do
  n=$(name "${run%:*}") backend=${run##*:}
  log=.build/vm/logs/$n-$backend
  rc=$(cat "$log.rc" 2>/dev/null || echo 125)
  summary=$(grep '^# [0-9]* cases' "$log.log" | tail -n 1)
  echo "== $n (kernel $(cat ".build/vm/$n/kver")), --backend $backend: ${summary:-no summary} [exit $rc]"
  if [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
    grep -A 20 '^not ok' "$log.log" | head -n 60 | sed 's/^/   /'
    [ -n "$summary" ] || tail -n 20 "$log.log" | sed 's/^/   /'
  fi
done
echo "# matrix: $(printf '%s\n' $RUNS | wc -l) runs, $failed failed, $(($(date +%s) - started)) s"
[ "$failed" -eq 0 ]
