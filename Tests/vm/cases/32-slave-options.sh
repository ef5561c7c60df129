# SPDX-License-Identifier: GPL-2.0-or-later
# Slave options: --queue-id, --prio and --actor-port-prio on every SLAVE named, a rerun that
# changes nothing, a change of one slave, a refusal by mode or by a queue ID another slave
# has before anything is touched, and on kernels without an option a refusal that leaves
# nothing behind. The kernel's witnesses: each slave's queue ID in /proc/net/bonding (every
# kernel), prio in `ip -d -j` (6.0), the LACP port priority in /proc/net/bonding's "details
# actor lacp pdu" (6.18). prio and actor_port_prio have no sysfs file on any kernel, so
# --backend ioctl and vanilla 3.10 must refuse them. What a kernel has is tried, not read off
# its version: Debian's 6.1.192 has 6.18's actor_port_prio and 7.2's churn states.
# The path in use can set a netlink-only slave option: netlink, on a kernel with slave data.
netlink_slave_options() { ! on ioctl && nl_options; }

dummies s0 s1 s2 s3
ife_ok "an active-backup bond whose first slave gets queue ID 3" --mode active-backup --miimon 100 --queue-id 3 qb0 s0
ife_ok "a second slave with queue ID 5" --queue-id 5 qb0 s1
expect_eq "s0's queue ID, as /proc/net/bonding shows it" "$(proc_slave qb0 s0 'Slave queue ID')" 3
expect_eq "s1's queue ID" "$(proc_slave qb0 s1 'Slave queue ID')" 5
before=$(kernel_state)
ife_ok "the same line again" --queue-id 5 qb0 s1
expect_eq "the rerun changed nothing in the kernel" "$(kernel_state)" "$before"
ife --queue-id 3 qb0 s1
expect_eq "a queue ID another slave has: refused" "$RC" 1
has_line "the refusal names the slave that has it" "$ERR" "ifenslave: qb0: cannot set queue_id of s1: s0 has queue ID 3"
expect_eq "s1 keeps its queue ID" "$(proc_slave qb0 s1 'Slave queue ID')" 5
ife --queue-id 4 qb0 s2 s3
expect_eq "one queue ID for two slaves: a usage error" "$RC" 2
check_fails "s2 was not enslaved" sh -c "ip -o link show dev s2 | grep -q 'master qb0'"

# What the kernel has decides, not its version: Debian's 6.1 has 6.18's actor_port_prio.
before=$(kernel_state)
ife --prio 7 qb0 s0 s1
if [ "$RC" -eq 0 ]; then
  pass
  expect_eq "s0's prio, as the kernel reports it" "$(kslave s0 prio)" 7
  expect_eq "s1's prio" "$(kslave s1 prio)" 7
  ife_ok "--prio 9 on s1 only" --prio 9 qb0 s1
  expect_eq "s1's prio changed" "$(kslave s1 prio)" 9
  expect_eq "s0's prio did not" "$(kslave s0 prio)" 7
else
  has_line "--prio where the path in use has none: the refusal says it needs netlink on 6.0" "$ERR" "ifenslave: qb0: cannot set prio of s0: *Linux 6.0*"
  expect_eq "--prio that did not take changed nothing" "$(kernel_state)" "$before"
  if netlink_slave_options; then
    check "the kernel reports no prio" sh -c '[ "$(ip -d -j link show dev s0 | jq -c ".[0].linkinfo.info_slave_data.prio")" = null ]'
  else
    check_fails "the kernel has no sysfs file for prio" sh -c 'ls /sys/class/net/qb0/bonding/prio /sys/class/net/s0/bonding_slave/prio 2>/dev/null | grep -q .'
  fi
fi

# Mode: prio is not an 802.3ad option, actor_port_prio is only one. An 802.3ad port's LACP
# state moves on its own, so the proof that nothing was touched is the links and the slave
# settings, not /proc/net/bonding.
slave_state() { for _s in s0 s1 s2; do ip -d -j link show dev "$_s" | jq -c '.[0] | [.master, .linkinfo.info_slave_data.queue_id, .linkinfo.info_slave_data.prio]'; done; }
ife_ok "an 802.3ad bond" --mode 802.3ad --miimon 100 lb0 s2
before=$(slave_state)
ife --prio 5 lb0 s2
expect_eq "--prio on an 802.3ad bond: refused" "$RC" 1
has_line "the refusal names the mode" "$ERR" "ifenslave: lb0: --prio only works in mode active-backup, balance-tlb, balance-alb, not 802.3ad"
ife --actor-port-prio 5 qb0 s0
expect_eq "--actor-port-prio on an active-backup bond: refused" "$RC" 1
expect_eq "neither refusal touched the kernel" "$(slave_state)" "$before"

ife --mode 802.3ad --actor-port-prio 300 lb1 s3
# The driver shows a port's LACPDU details once the port is in an aggregator.
in_aggregator() { wait_until 10 sh -c "awk '/^Slave Interface: $2\$/ {on=1} on && /port priority/ {f=1} END {exit !f}' /proc/net/bonding/$1"; }
if [ "$RC" -eq 0 ]; then
  pass
  in_aggregator lb1 s3 || true
  expect_eq "s3's LACP port priority, as /proc/net/bonding shows it" "$(proc_slave lb1 s3 'port priority')" 300
  ife_ok "--actor-port-prio on a slave already in" --actor-port-prio 200 lb0 s2
  in_aggregator lb0 s2 || true
  expect_eq "s2's LACP port priority" "$(proc_slave lb0 s2 'port priority')" 200
else
  has_line "--actor-port-prio where the path in use has none: the refusal says it needs netlink on 6.18" "$ERR" "ifenslave: lb1: cannot set actor_port_prio of s3: *Linux 6.18*"
  check_fails "no bond left behind" ip link show dev lb1
  check_fails "s3 is no one's slave" sh -c "ip -o link show dev s3 | grep -q master"
  if ! netlink_slave_options; then
    check_fails "the kernel has no sysfs file for actor_port_prio" sh -c 'ls /sys/class/net/lb0/bonding/actor_port_prio /sys/class/net/s2/bonding_slave/actor_port_prio 2>/dev/null | grep -q .'
  elif [ -n "${IP7:-}" ]; then
    "$IP7" link set dev s2 type bond_slave actor_port_prio 300 2>/dev/null || true
    check "iproute2 7.3's own request does not take either" sh -c '[ "$(awk "/^Slave Interface: s2/ {on=1} on && /port priority/ {print \$3; exit}" /proc/net/bonding/lb0)" != 300 ]'
  else
    check "the kernel is older than 6.18" sh -c '! { v=$(uname -r); m=${v#*.}; [ "${v%%.*}" -gt 6 ] || { [ "${v%%.*}" -eq 6 ] && [ "${m%%.*}" -ge 18 ]; }; }'
  fi
fi
