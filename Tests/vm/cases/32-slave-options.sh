# Slave options: --queue-id, --prio and --actor-port-prio on every SLAVE named, a rerun that
# changes nothing, a change of one slave, a refusal by mode or by a queue ID another slave
# has before anything is touched, and on kernels without an option a refusal that leaves
# nothing behind. The kernel's witnesses: each slave's queue ID in /proc/net/bonding (every
# kernel), prio in `ip -d -j` (6.0), the LACP port priority in /proc/net/bonding's "details
# actor lacp pdu" (6.18). prio and actor_port_prio have no sysfs file on any kernel, so
# --backend ioctl and vanilla 3.10 must refuse them.
kver_at_least() {
  _v=$(uname -r); _maj=${_v%%.*}; _rest=${_v#*.}; _min=${_rest%%[!0-9]*}
  [ "$_maj" -gt "$1" ] || { [ "$_maj" -eq "$1" ] && [ "$_min" -ge "$2" ]; }
}
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

if netlink_slave_options && kver_at_least 6 0; then
  ife_ok "--prio on both slaves" --prio 7 qb0 s0 s1
  expect_eq "s0's prio, as the kernel reports it" "$(kslave s0 prio)" 7
  expect_eq "s1's prio" "$(kslave s1 prio)" 7
  ife_ok "--prio 9 on s1 only" --prio 9 qb0 s1
  expect_eq "s1's prio changed" "$(kslave s1 prio)" 9
  expect_eq "s0's prio did not" "$(kslave s0 prio)" 7
else
  before=$(kernel_state)
  ife --prio 7 qb0 s0
  expect_eq "--prio where the path in use has no prio: refused" "$RC" 1
  has_line "the refusal says prio needs netlink on 6.0" "$ERR" "ifenslave: qb0: cannot set prio of s0: *Linux 6.0*"
  expect_eq "--prio that did not take changed nothing" "$(kernel_state)" "$before"
  if netlink_slave_options; then
    check "the kernel reports no prio (older than 6.0)" sh -c '[ "$(ip -d -j link show dev s0 | jq -c ".[0].linkinfo.info_slave_data.prio")" = null ]'
  else
    check_fails "the kernel has no sysfs file for prio" sh -c 'ls /sys/class/net/qb0/bonding/prio /sys/class/net/s0/bonding_slave/prio 2>/dev/null | grep -q .'
  fi
fi

# Mode: prio is not an 802.3ad option, actor_port_prio is only one. An 802.3ad port's LACP
# state moves on its own, so the proof that nothing was touched is the links and the slave
# settings, not /proc/net/bonding.
slave_state() { ip -o link show; for _s in s0 s1 s2; do ip -d -j link show dev "$_s" | jq -c '.[0].linkinfo.info_slave_data | [.queue_id, .prio]'; done; }
ife_ok "an 802.3ad bond" --mode 802.3ad --miimon 100 lb0 s2
before=$(slave_state)
ife --prio 5 lb0 s2
expect_eq "--prio on an 802.3ad bond: refused" "$RC" 1
has_line "the refusal names the mode" "$ERR" "ifenslave: lb0: --prio only works in mode active-backup, balance-tlb, balance-alb, not 802.3ad"
ife --actor-port-prio 5 qb0 s0
expect_eq "--actor-port-prio on an active-backup bond: refused" "$RC" 1
expect_eq "neither refusal touched the kernel" "$(slave_state)" "$before"

if netlink_slave_options && kver_at_least 6 18; then
  ife_ok "--actor-port-prio on an 802.3ad slave" --actor-port-prio 300 lb0 s2
  expect_eq "s2's LACP port priority, as /proc/net/bonding shows it" "$(proc_slave lb0 s2 'port priority')" 300
else
  ife --mode 802.3ad --actor-port-prio 300 lb1 s3
  expect_eq "--actor-port-prio where the path in use has none: refused" "$RC" 1
  has_line "the refusal says it needs netlink on 6.18" "$ERR" "ifenslave: lb1: cannot set actor_port_prio of s3: *Linux 6.18*"
  check_fails "no bond left behind" ip link show dev lb1
  check_fails "s3 is no one's slave" sh -c "ip -o link show dev s3 | grep -q master"
  if netlink_slave_options; then
    check "the kernel is older than 6.18" sh -c '! { v=$(uname -r); m=${v#*.}; [ "${v%%.*}" -gt 6 ] || { [ "${v%%.*}" -eq 6 ] && [ "${m%%.*}" -ge 18 ]; }; }'
  fi
fi
