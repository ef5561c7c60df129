#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/guest/throughput.sh [NAME=VALUE...]: inside the VM (Tests/vm/run.sh), the throughput
# of bonds ifenslave builds. Two network namespaces, left and right, joined by two veth pairs
# (a0-b0, a1-b1), every end shaped by tbf to BENCH_RATE. iperf3 runs through one pair alone,
# then through a bond of both pairs on each side, in balance-rr, balance-xor and 802.3ad
# (layer3+4 hashing), with 1 and 4 TCP flows. Prints a table of medians over BENCH_ROUNDS.
# Env: BENCH_RATE (100mbit), BENCH_SECONDS (5 per iperf3 run), BENCH_ROUNDS (3).
set -eu
while [ $# -gt 0 ]; do
  case $1 in *=*) export "${1?}"; shift ;; *) break ;; esac
done
RATE=${BENCH_RATE:-100mbit} SECS=${BENCH_SECONDS:-5} ROUNDS=${BENCH_ROUNDS:-3}
cp "${IFENSLAVE:-$PWD/.build/release/ifenslave}" /tmp/ifenslave
L() { ip netns exec left "$@"; }
R() { ip netns exec right "$@"; }
ip netns add left; ip netns add right
L ip link set lo up; R ip link set lo up
for i in 0 1; do
  ip link add "a$i" netns left type veth peer name "b$i" netns right
done
# iperf FLOWS DST: the receiver's rate in Mbit/s, median over the rounds. The server takes
# one test at a time and needs a moment after each ("the server is busy"): such a run is
# tried again.
iperf() {
  _flows=$1 _dst=$2 _all=
  for _r in $(seq "$ROUNDS"); do
    _try=0
    until L iperf3 -c "$_dst" -t "$SECS" -P "$_flows" -J > /tmp/iperf.json 2>&1 &&
      [ "$(jq -r '.error // empty' /tmp/iperf.json)" = "" ]; do
      _try=$((_try + 1))
      if [ $_try -ge 5 ]; then
        echo "throughput: iperf3 -c $_dst -P $_flows: $(jq -r .error /tmp/iperf.json 2>&1)" >&2
        L cat /proc/net/bonding/bond0 >&2 || true
        exit 1
      fi
      sleep 1
    done
    _all="$_all $(jq '.end.sum_received.bits_per_second / 1e6' /tmp/iperf.json)"
  done
  echo "$_all" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{v[NR] = $1} END {printf "%.1f", v[int((NR + 1) / 2)]}'
}
shape() {
  for i in 0 1; do
    L tc qdisc replace dev "a$i" root tbf rate "$RATE" burst 64kb latency 20ms
    R tc qdisc replace dev "b$i" root tbf rate "$RATE" burst 64kb latency 20ms
  done
}
up() { for i in 0 1; do L ip link set "a$i" up; R ip link set "b$i" up; done; }
R sh -c 'iperf3 -s -D'
up
L ip addr add 10.0.0.1/24 dev a0; R ip addr add 10.0.0.2/24 dev b0
sleep 1
raw=$(iperf 1 10.0.0.2)
shape
one=$(iperf 1 10.0.0.2)
one4=$(iperf 4 10.0.0.2)
L ip addr flush dev a0; R ip addr flush dev b0
echo "### Throughput of the bonds ifenslave builds ($RATE per link, iperf3 ${SECS} s, median of $ROUNDS, kernel $(uname -r), TCG)"
echo
echo "Unshaped veth pair: $raw Mbit/s, so the VM is not the limit at $RATE per link."
echo
echo "| link | TCP flows | Mbit/s | ratio to one link |"
echo "|---|---|---|---|"
printf '| one veth pair | 1 | %s | 1 |\n| one veth pair | 4 | %s | %s |\n' "$one" "$one4" \
  "$(echo "$one4 $one" | awk '{printf "%.2f", $1 / $2}')"
for mode in balance-rr balance-xor 802.3ad; do
  opts="--mode $mode --miimon 100"
  [ "$mode" = balance-rr ] || opts="$opts --xmit-hash-policy layer3+4"
  [ "$mode" != 802.3ad ] || opts="$opts --lacp-rate fast"
  # shellcheck disable=SC2086
  L /tmp/ifenslave $opts bond0 a0 a1; R /tmp/ifenslave $opts bond0 b0 b1
  L ip addr add 10.0.1.1/24 dev bond0; R ip addr add 10.0.1.2/24 dev bond0
  for i in 0 1; do
    L tc qdisc show dev "a$i" | grep -q tbf || { echo "throughput: a$i lost its tbf qdisc" >&2; exit 1; }
  done
  if [ "$mode" = 802.3ad ]; then
    # LACP has agreed when both ports on both sides are in one aggregator and every actor and
    # partner port state is 63: in sync, collecting and distributing (with fast LACPDUs).
    for ns in left right; do
      t=0
      until ip netns exec $ns grep -q 'Number of ports: 2' /proc/net/bonding/bond0 &&
        [ "$(ip netns exec $ns grep -c 'port state: 63' /proc/net/bonding/bond0)" -eq 4 ]; do
        t=$((t + 1)); [ $t -lt 100 ] || { echo "throughput: LACP did not agree in $ns" >&2; exit 1; }
        sleep 0.2
      done
    done
  fi
  sleep 1
  for flows in 1 4; do
    v=$(iperf "$flows" 10.0.1.2)
    printf '| bond of two, %s | %s | %s | %s |\n' "$mode" "$flows" "$v" "$(echo "$v $one" | awk '{printf "%.2f", $1 / $2}')"
  done
  L /tmp/ifenslave --destroy bond0; R /tmp/ifenslave --destroy bond0
  up
done
