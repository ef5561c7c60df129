# SPDX-License-Identifier: GPL-2.0-or-later
# Traffic through an active-backup bond that ifenslave built: two veth pairs to a bridge in
# another namespace, a ping through the bond, the active link cut, the ping going on while
# the active slave changes; then -c moves it back, still without losing the ping.
. Tests/vm/guest/switch.sh
trap 'ip netns del peer 2>/dev/null' EXIT
veth_switch peer a0 a1

ife_ok "ifenslave --mode active-backup --miimon 100 bond0 a0 a1" --mode active-backup --miimon 100 bond0 a0 a1
ip addr add 198.51.100.1/24 dev bond0
check "a0 becomes the active slave" wait_until 5 sh -c '[ "$(awk -F": " "/^Currently Active Slave/{print \$2}" /proc/net/bonding/bond0)" = a0 ]'
check "ping through the bond" busybox ping -c 3 -W 2 198.51.100.2

busybox ping -i 0.1 -c 80 -W 1 198.51.100.2 > "$VMT_DIR/ping.log" 2>&1 &
pinger=$!
sleep 1
ip -n peer link set a0p down    # the cable to a0 is pulled at the far end
check "the bond fails over to a1" wait_until 5 sh -c '[ "$(awk -F": " "/^Currently Active Slave/{print \$2}" /proc/net/bonding/bond0)" = a1 ]'
expect_eq "/proc: a0's MII status is down" "$(proc_slave bond0 a0 'MII Status')" down
sleep 1
ip -n peer link set a0p up
check "a0's link comes back" wait_until 5 sh -c '[ "$(awk -F": " "/^Slave Interface: a0/{f=1} f && /^MII Status/{print \$2; exit}" /proc/net/bonding/bond0)" = up ]'
ife_ok "ifenslave -c bond0 a0 while the ping runs" -c bond0 a0
expect_eq "a0 is active again" "$(proc_bond bond0 'Currently Active Slave')" a0
wait $pinger || true
received=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' "$VMT_DIR/ping.log")
check "the ping went on: at most 8 of 80 lost ($received received)" test "${received:-0}" -ge 72
