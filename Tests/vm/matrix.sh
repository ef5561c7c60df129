#!/bin/sh
# matrix.sh [SUITE:BACKEND...]: the VM suite on every kernel and backend ifenslave supports:
# Debian bookworm (6.1), bullseye (5.10) and trixie (6.12), each with --backend netlink and
# --backend ioctl. Any failure, on any kernel or backend, fails the whole.
#
# Each VM runs under TCG and keeps one core busy, so runs go VMH_JOBS (default: the number of
# cores) at a time. Kernels are fetched first, one by one, so that parallel runs never fetch
# the same one. Logs: .build/vm/logs/SUITE-BACKEND.log (and .console for the kernel's).
set -u
cd "$(dirname "$0")/../.."
if [ "${1:-}" = --one ]; then
  suite=${2%%:*} backend=${2#*:} log=.build/vm/logs/${2%%:*}-${2#*:}
  # A case whose "# matrix-runs:" line does not name this run is left to the runs it names:
  # what it tests does not depend on the kernel (shell completion, signal handling).
  cases=
  for c in Tests/vm/cases/*.sh; do
    only=$(sed -n 's/^# matrix-runs: //p' "$c")
    case " ${only:-$2} " in *" $2 "*) cases="$cases $c" ;; esac
  done
  rc=0
  # shellcheck disable=SC2086
  VMH_SUITE=$suite VMH_LOG=$log.console Tests/vm/run.sh Tests/vm/guest/run-cases.sh --backend "$backend" \
    $cases > "$log.log" 2>&1 || rc=$?
  echo "$rc" > "$log.rc"
  exit 0
fi
RUNS=${*:-bookworm:netlink bookworm:ioctl bullseye:netlink bullseye:ioctl trixie:netlink trixie:ioctl}
mkdir -p .build/vm/logs
for suite in $(printf '%s\n' $RUNS | cut -d: -f1 | sort -u); do
  VMH_SUITE=$suite Tests/vm/run.sh --prepare || { echo "matrix: FAIL: cannot prepare the $suite kernel"; exit 1; }
done
started=$(date +%s)
printf '%s\n' $RUNS | xargs -P "${VMH_JOBS:-$(nproc)}" -I{} sh "$0" --one {}
failed=0
for run in $RUNS; do
  log=.build/vm/logs/${run%%:*}-${run#*:}
  rc=$(cat "$log.rc" 2>/dev/null || echo 125)
  summary=$(grep '^# [0-9]* cases' "$log.log" | tail -n 1)
  echo "== ${run%%:*} (kernel $(cat .build/vm/${run%%:*}/kver)), --backend ${run#*:}: ${summary:-no summary} [exit $rc]"
  if [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
    grep -A 20 '^not ok' "$log.log" | head -n 60 | sed 's/^/   /'
    [ -n "$summary" ] || tail -n 20 "$log.log" | sed 's/^/   /'
  fi
done
echo "# matrix: $(printf '%s\n' $RUNS | wc -l) runs, $failed failed, $(($(date +%s) - started)) s"
[ "$failed" -eq 0 ]
