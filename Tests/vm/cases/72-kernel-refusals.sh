# SPDX-License-Identifier: GPL-2.0-or-later
# What the real kernel refuses, after ifenslave's own checks passed, leaves every interface
# the command touched as it was (admin state, addresses, MTU, master, bond options), or the
# operation done. An ipvlan device is the slave that refuses: it cannot take another MAC
# address, and its MTU cannot exceed its parent's. Needs ipvlan (3.19) and macvlan for two of
# its parts: a kernel without them shows that it lacks them instead.
dummies d0 d1 d2 d3 d4 d5 d8 d9
# ipvlan DEV: an ipvlan device on d9, up, with an MTU below the bond's and two addresses, as
# a slave the kernel will refuse.
ipvlan() {
  ip link add link d9 name "$1" type ipvlan mode l2
  ip link set "$1" mtu 1400 up
  ip addr add "192.0.2.${2}1/24" dev "$1"
  ip addr add "192.0.2.${2}2/24" dev "$1"
}
# IPv6 link-local addresses are the kernel's own: a link that goes down and up makes them anew.
as_it_was() { ip -d link show dev "$1"; ip -4 addr show dev "$1"; }
slaves() { grep '^Slave Interface' "/proc/net/bonding/$1" | cut -d' ' -f3 | tr '\n' ' '; }

# ipvlan arrived in 3.19: on an older kernel, the kernel itself says it has none.
if ip link add link d9 name ipvprobe type ipvlan mode l2 2>/dev/null; then
  ip link del ipvprobe
  # A slave that refuses the bond's MAC address: active-backup names it in an extended ACK.
  ipvlan ipv0 1
  ife_ok "setup: bond1 with d0" --mode active-backup --miimon 100 bond1 d0
  before=$(as_it_was ipv0)
  ife bond1 ipv0 d1
  expect_eq "active-backup, a slave that refuses the MAC: exit 1" "$RC" 1
  if on ioctl; then
    has_line "the ioctl has only the errno: the message says where the cause is" "$ERR" \
      "ifenslave: bond1: cannot enslave ipv0: the bonding driver refuses this slave (Operation not supported); its log (dmesg) names the cause*"
  else
    has_line "the kernel's words" "$ERR" \
      "ifenslave: bond1: cannot enslave ipv0: Slave device does not support setting the MAC address, but fail_over_mac is not set to active"
  fi
  has_line "the restore is reported" "$ERR" "ifenslave: ipv0: put back as it was before this command"
  expect_eq "ipv0 is exactly as before: up, MTU 1400, both addresses, no master" "$(as_it_was ipv0)" "$before"
  expect_eq "the next slave went on" "$(slaves bond1)" "d0 d1 "

  # balance-rr refuses the same slave without a word: the message says where to look.
  ipvlan ipv1 2
  before=$(as_it_was ipv1)
  ife --mode balance-rr --miimon 100 bond2 d2 ipv1
  expect_eq "balance-rr, a slave that refuses the MAC: exit 1" "$RC" 1
  has_line "the message says the driver refused it and where the cause is" "$ERR" \
    "ifenslave: bond2: cannot enslave ipv1: the bonding driver refuses this slave (Operation not supported); its log (dmesg) names the cause*"
  expect_eq "ipv1 is exactly as before" "$(as_it_was ipv1)" "$before"
  expect_eq "bond2 has d2" "$(slaves bond2)" "d2 "
else
  check_fails "this kernel has no ipvlan (3.19)" ip link add link d9 name ipvprobe type ipvlan mode l2
  echo "# no ipvlan on $(uname -r): the slaves that refuse the bond's MAC are not tried"
fi
# A kernel built without macvlan (the 3.10 ones here) says so itself.
if ip link add link d8 name mv0 type macvlan mode bridge 2>/dev/null; then
  # The kernel refuses an MTU one slave cannot take (a macvlan's MTU cannot exceed its parent's):
  # the bond's MTU, its slaves' MTUs and the option change made before it in the same command
  # are as they were.
  ife_ok "setup: bond3 with d3 and a macvlan" --mode active-backup --miimon 100 bond3 d3 mv0
  # A macvlan's operstate settles from UNKNOWN to UP on its own, after link watch runs.
  wait_until 5 sh -c "ip link show dev mv0 | grep -q 'state UP'"
  before=$(kernel_state)
  ife --miimon 300 --mtu 9000 bond3
  expect_eq "an MTU a slave refuses: exit 1" "$RC" 1
  has_line "the MTU refusal is reported" "$ERR" "ifenslave: bond3: cannot set mtu 9000: *"
  expect_eq "miimon is back to 100, every MTU as it was" "$(kernel_state)" "$before"
  expect_eq "the kernel's miimon" "$(kinfo bond3 miimon)" 100

else
  check_fails "this kernel has no macvlan" ip link add link d8 name mv0 type macvlan mode bridge
  echo "# no macvlan on $(uname -r): an MTU a slave refuses is not tried"
fi
# Changing the active slave to one whose link is down: bonding says only "invalid option
# value"; the message adds what that means here, and the active slave stays.
ife_ok "setup: bond4 with d4 and d5" --mode active-backup --miimon 100 bond4 d4 d5
ip link set d5 down
wait_until 5 sh -c "grep -A1 'Slave Interface: d5' /proc/net/bonding/bond4 | grep -q 'MII Status: down'"
ife -c bond4 d5
expect_eq "-c to a slave whose link is down: exit 1" "$RC" 1
has_line "the reason says the link is down" "$ERR" \
  "ifenslave: bond4: cannot make d5 the active slave: *the slave or its link is down (Invalid argument)"
expect_eq "d4 is still the active slave" "$(proc_bond bond4 'Currently Active Slave')" d4
expect_eq "d5 is still a slave" "$(slaves bond4)" "d4 d5 "
