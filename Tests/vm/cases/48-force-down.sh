# SPDX-License-Identifier: GPL-2.0-or-later
# --force-down: a mode change on an up active-backup bond that carries traffic, an IPv4 and
# an IPv6 address, a default route, a route in table 100 and a slave's queue ID. Without the
# flag the kernel's refusal stays and names it; with it the kernel shows the new mode, the
# slaves in their order, the bond's MAC, addresses, routes and queue ID as they were, and a
# ping through the default route resumes.
. Tests/vm/guest/switch.sh
trap 'ip netns del peer 2>/dev/null' EXIT
veth_switch peer a0 a1
ip -n peer addr add 2001:db8:1::2/64 dev br0 nodad
# Reached through bond0's default route only.
ip -n peer addr add 203.0.113.1/32 dev lo

ife_ok "an active-backup bond" --mode active-backup --miimon 100 bond0 a0 a1
ip addr add 198.51.100.1/24 dev bond0
ip addr add 2001:db8:1::1/64 dev bond0 nodad
ip route add default via 198.51.100.2 dev bond0
ip route add 192.0.2.0/24 via 198.51.100.2 dev bond0 table 100 metric 7
ip -6 route add 2001:db8:2::/64 via 2001:db8:1::2 dev bond0 metric 9
ife_ok "queue ID 2 for a1" --queue-id 2 bond0 a1
check "a0 becomes the active slave" wait_until 5 sh -c '[ "$(awk -F": " "/^Currently Active Slave/{print \$2}" /proc/net/bonding/bond0)" = a0 ]'
check "ping through the default route" wait_until 10 busybox ping -c 1 -W 1 203.0.113.1

# view: what the kernel shows of bond0 that the change must keep: its MAC, its addresses
# other than the link-local one, the routes through it that are not the kernel's own, in
# every table, and the slaves in the driver's order with their queue IDs.
view() {
  klink bond0 address
  kip -j addr show dev bond0 | jq -c '[.[0].addr_info[] | select(.scope != "link") | "\(.local)/\(.prefixlen)"] | sort'
  for _f in -4 -6; do
    kip "$_f" -j route show table all dev bond0 |
      jq -c '[.[] | select(.protocol != "kernel" and .protocol != "ra" and (.table // "main") != "local") | "\(.dst) \(.gateway) \(.table // "main") \(.metric // 0)"] | sort'
  done
  grep -E '^(Slave Interface|Slave queue ID)' /proc/net/bonding/bond0
}
before=$(view)
mode_before=$(proc_bond bond0 'Bonding Mode')

ife --mode balance-xor bond0
expect_eq "without --force-down: exit 1" "$RC" 1
has_line "the refusal names --force-down" "$ERR" 'ifenslave: bond0: cannot change mode: *, or give --force-down'
expect_eq "without --force-down: the mode is unchanged" "$(proc_bond bond0 'Bonding Mode')" "$mode_before"

# One ping at a time: busybox ping gives up at the first "Network unreachable", which the
# route's absence during the change is. It pings until told to stop, once the ping has been
# seen to resume, so a slow machine cannot end it in the middle of the change.
( i=0; while [ $i -lt 200 ] && [ ! -e "$VMT_DIR/ping.stop" ]; do
    if busybox ping -c 1 -W 1 203.0.113.1 >/dev/null 2>&1; then echo reply; else echo none; fi
    i=$((i + 1)); sleep 0.2
  done ) > "$VMT_DIR/ping.log" 2>&1 &
pinger=$!
sleep 1
ife_ok "--force-down --mode balance-xor" --force-down --mode balance-xor bond0
expect_eq "/proc: the new mode" "$(proc_bond bond0 'Bonding Mode')" "load balancing (xor)"
expect_eq "the MAC, addresses, routes, slaves in order and queue IDs are as they were" "$(view)" "$before"
check "the ping resumes" wait_until 10 busybox ping -c 1 -W 1 203.0.113.1
sleep 2
touch "$VMT_DIR/ping.stop"
wait $pinger || true
received=$(grep -c reply "$VMT_DIR/ping.log" || true) sent=$(wc -l < "$VMT_DIR/ping.log")
check "the pings during and after the change end in replies ($received of $sent)" sh -c "[ $received -ge 5 ] && [ \"\$(tail -n 1 '$VMT_DIR/ping.log')\" = reply ]"

ife_ok "--force-down --mode active-backup, back" --force-down --mode active-backup bond0
expect_eq "/proc: active-backup again" "$(proc_bond bond0 'Bonding Mode')" "$mode_before"
expect_eq "and still everything as it was" "$(view)" "$before"
check "a ping after the second change" wait_until 10 busybox ping -c 1 -W 1 203.0.113.1
