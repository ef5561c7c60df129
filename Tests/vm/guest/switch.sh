# SPDX-License-Identifier: GPL-2.0-or-later
# switch.sh: sourced by the traffic case and the demo.
# veth_switch NS IF...: wires each local IF by a veth pair to port IFp of a bridge br0 in the
# network namespace NS, which plays the switch and answers at 198.51.100.2/24. STP is off, so
# ports forward at once. Pulling a cable is `ip -n NS link set IFp down`.
veth_switch() {
  _ns=$1; shift
  ip netns add "$_ns"
  ip -n "$_ns" link set lo up
  ip -n "$_ns" link add br0 type bridge
  for _if in "$@"; do
    ip link add "$_if" type veth peer name "${_if}p" netns "$_ns"
    ip -n "$_ns" link set "${_if}p" master br0
    ip -n "$_ns" link set "${_if}p" up
    ip link set "$_if" up
  done
  ip -n "$_ns" link set br0 up
  ip -n "$_ns" addr add 198.51.100.2/24 dev br0
}
