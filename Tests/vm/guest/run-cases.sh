#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run-cases.sh [-v] [--backend auto|netlink|ioctl] [VMT_NAME=VALUE...] [CASE.sh...]    (inside the guest; cwd =
# repository root)
#
# One VM boot serves all cases: a boot costs ~3 s under TCG, a network namespace almost
# nothing.  Each case runs in a fresh namespace through `ip netns exec`, which also remounts
# /sys so /sys/class/net shows only that namespace (unshare --net alone does not), and
# /proc/net/bonding is per namespace anyway.  Cases cannot see each other's leftovers.
# Output is TAP: "ok N - name" / "not ok N - name" with indented details, then a summary.
# -v prints every case's own output; --backend is given to every ifenslave the cases run
# (default auto).  Default cases: every Tests/vm/cases/*.sh, sorted.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
VERBOSE=; [ "${1:-}" = -v ] && { VERBOSE=1; shift; }
VMT_BACKEND=auto; [ "${1:-}" = --backend ] && { VMT_BACKEND=$2; shift 2; }
export VMT_BACKEND
# VMT_NAME=VALUE arguments reach the cases (VMT_ROUNDS, VMT_SIGNAL_RUNS).
while case ${1:-} in VMT_*=*) true ;; *) false ;; esac; do export "${1?}"; shift; done
# Whether this kernel reports bond options over netlink (IFLA_INFO_DATA: 3.13, RHEL 7): where
# it does not (vanilla 3.10), the cases read and set options through sysfs (lib.sh's nl_options).
ip link add vmtprobe type bond
# (iproute2 prints an empty info_data for 3.10's bond.)
case $(ip -d -j link show dev vmtprobe) in *'"info_data":{"mode"'*) VMT_BOND_NETLINK=yes ;; *) VMT_BOND_NETLINK=no ;; esac
ip link del vmtprobe
export VMT_BOND_NETLINK
# Sid's iproute2 (Tests/vm/fetch-iproute2.sh; run.sh fetches it) prints the attributes of new
# kernels that the host's ip 6.1 cannot: the helpers read the kernel's view through it, and
# cases may run "$IP7" themselves. It must run: a view that silently lacks them would pass.
IP7=$HERE/../ip7
IP7V=$("$IP7" -V 2>&1) || { echo "run-cases: FAIL: $IP7 does not run: $IP7V"; exit 1; }
export IP7
echo "# kernel $(uname -r), ifenslave --backend $VMT_BACKEND, bond options over netlink: $VMT_BOND_NETLINK, kernel views by ${IP7V#ip utility, }"
[ $# -gt 0 ] || set -- "$HERE"/../cases/*.sh
W=$(mktemp -d)
echo "1..$#"
n=0 failed=0 checks=0 t0=$(date +%s)
for c in "$@"; do
  n=$((n + 1)) name=$(basename "$c" .sh) ns=vmt$n d=$W/$n
  mkdir -p "$d" && : > "$d/fails" && : > "$d/passes"
  [ -f "$c" ] && c=$(cd "$(dirname "$c")" && pwd)/$(basename "$c")    # `. file` searches PATH
  rc=0 started=$(date +%s) forks=$(awk '/^processes/ {print $2}' /proc/stat)
  { ip netns add $ns && ip -n $ns link set lo up &&
    VMT_DIR=$d VMT_LIB=$HERE VMT_CASE=$c ip netns exec $ns sh -eu -c '. "$1"; . "$2"' case "$HERE/lib.sh" "$c"; } > "$d/out" 2>&1 || rc=$?
  for p in $(ip netns pids $ns 2>/dev/null); do kill "$p" 2>/dev/null; done    # stray daemons
  ip netns del $ns 2>/dev/null
  checks=$((checks + $(wc -l < "$d/passes")))
  # Under TCG, time follows process starts; the kernel's fork counter tells them exactly.
  took="# $(($(date +%s) - started)) s, $(($(awk '/^processes/ {print $2}' /proc/stat) - forks)) processes"
  if [ $rc -eq 0 ] && [ ! -s "$d/fails" ]; then
    echo "ok $n - $name $took"
    # Figures a case reports, as "# ..." lines of its output.
    grep '^# ' "$d/out" || true
  else
    echo "not ok $n - $name $took"; failed=$((failed + 1))
    sed 's/^/  /' "$d/fails"
    [ $rc -eq 0 ] || { echo "  case stopped with status $rc; its last output:"; tail -n 20 "$d/out" | sed 's/^/    /'; }
  fi
  [ -z "$VERBOSE" ] || sed 's/^/# /' "$d/out"
done
rm -rf "$W"
echo "# $n cases, $failed failed, $checks checks passed, $(($(date +%s) - t0)) s"
[ $failed -eq 0 ]
