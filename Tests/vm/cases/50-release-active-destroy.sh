# SPDX-License-Identifier: GPL-2.0-or-later
# -d, -c and --destroy on the real driver.
ip link add d0 mtu 9000 type dummy
dummies d1 d2 d3
ife_ok "active-backup bond" --mode active-backup --miimon 100 bond0 d0 d1 d2
expect_eq "the slaves took the bond's MTU" "$(klink d0 mtu)" 1500

ife_ok "-c bond0 d1" -c bond0 d1
expect_eq "/proc: d1 is the active slave" "$(proc_bond bond0 'Currently Active Slave')" d1
expect_eq "ip -d -j: d1 is the active slave" "$(kinfo bond0 active_slave)" '"d1"'
if nl_options; then
  expect_eq "ip -d -j: d1 is ACTIVE" "$(kslave d1 state)" '"ACTIVE"'
else
  expect_eq "this kernel reports no slave state over netlink" "$(klink d1 linkinfo.info_slave_data)" null
fi
ife_ok "--change-active bond0 d2 d3 (1.1.0 ignored extra slaves)" --change-active bond0 d2 d3
expect_eq "d2 is active" "$(proc_bond bond0 'Currently Active Slave')" d2
expect_eq "the extra slave is named in a warning" "$ERR" "ifenslave: -c takes one slave; ignoring d3"
ife_ok "-c to the slave that is already active" -c bond0 d2

ife_ok "-d bond0 d0" -d bond0 d0
expect_eq "d0 has no master" "$(klink d0 master)" null
expect_eq "the kernel gave d0 its MTU back (1.1.0 forced 1500)" "$(klink d0 mtu)" 9000
expect_eq "d0 is gone from /proc" "$(grep -c 'Slave Interface: d0' /proc/net/bonding/bond0)" 0
ife -d bond0 d3 d1
expect_eq "-d with one slave that is not: exit 1" "$RC" 1
expect_eq "and says which" "$ERR" "ifenslave: bond0: cannot release d3: d3 is not a slave of bond0"
expect_eq "the other slave was released" "$(klink d1 master)" null

# -c in modes without an active slave names the modes that have one.
ife_ok "balance-xor bond" --mode balance-xor xor0 d3
ife -c xor0 d3
expect_eq "-c in balance-xor: exit 1" "$RC" 1
expect_eq "-c in balance-xor: message" "$ERR" "ifenslave: xor0: cannot make d3 the active slave: mode balance-xor has no active slave; only active-backup, balance-tlb, balance-alb have one"

ife_ok "--destroy bond0" --destroy bond0
check_fails "bond0 is gone" ip link show dev bond0
expect_eq "its slave d2 is free" "$(klink d2 master)" null
check_fails "no /proc entry" test -e /proc/net/bonding/bond0
ife --destroy d1
expect_eq "--destroy of a dummy: exit 1" "$RC" 1
expect_eq "--destroy of a dummy: message" "$ERR" "ifenslave: d1: not a bond (kind dummy); --destroy only deletes bonds"
check "the dummy is still there" ip link show dev d1

# Options only, no slaves: create, then change.
ife_ok "ifenslave --mode 802.3ad --miimon 50 lacp0" --mode 802.3ad --miimon 50 lacp0
expect_eq "created with its options" "$(kinfo lacp0 mode) $(kinfo lacp0 miimon)" '"802.3ad" 50'
ife_ok "ifenslave --min-links 1 lacp0 changes an option" --min-links 1 lacp0
expect_eq "min_links changed" "$(kinfo lacp0 min_links)" 1
