# SPDX-License-Identifier: GPL-2.0-or-later
# A slave the kernel refuses is put back exactly as it was: admin state, addresses, MTU and
# master. A device of another type than the bond's Ethernet slaves is taken down and stripped
# of its address like any slave, and then the bonding driver refuses it (EINVAL): an nlmon
# device ("Device type is different from other slaves"), or where the kernel has no nlmon
# (before 3.11) a tun device, of type "none".
dummies d0 d5
ife_ok "bond0 with an Ethernet slave" --mode active-backup --miimon 100 bond0 d0
if ip link add odd0 type nlmon 2>/dev/null; then
  # Netlink carries the driver's own words; the ioctl answers with the errno alone.
  reason="Device type is different from other slaves"
  on ioctl && reason="Invalid argument"
else
  check "this kernel has no nlmon, but tun" ip tuntap add odd0 mode tun
  expect_eq "of link type none" "$(klink odd0 link_type)" '"none"'
  # 3.10's driver explains only in its log.
  reason="Invalid argument"
fi
ip link set odd0 up
ip addr add 192.0.2.30/24 dev odd0
ip addr add 192.0.2.31/24 dev odd0
# What a restore puts back, and all else the kernel shows of the link but its carrier: a tun
# that no process holds loses it when taken down (on 3.10 a while later), which is the
# kernel's doing, as with any link taken down.
as_restored() { { ip -d link show dev "$1"; ip addr show dev "$1"; } | sed -E 's/NO-CARRIER,//; s/ state [A-Z]+ / state - /'; }
before=$(as_restored odd0)

ife bond0 odd0 d5
expect_eq "exit 1: one slave failed" "$RC" 1
has_line "the kernel's reason is reported" "$ERR" "ifenslave: bond0: cannot enslave odd0: $reason"
has_line "the addresses it removed are named" "$ERR" 'ifenslave: odd0: removed IPv4 address 192.0.2.30/24'
has_line "the restore is reported" "$ERR" 'ifenslave: odd0: put back as it was before this command'
expect_eq "odd0 is exactly as before (link and addresses)" "$(as_restored odd0)" "$before"
expect_eq "odd0 is up" "$(ip -j link show dev odd0 | jq -c '.[0].flags | index("UP") != null')" true
expect_eq "odd0 has no master" "$(klink odd0 master)" null
expect_eq "the next slave went on: d5 is in bond0" "$(klink d5 master)" '"bond0"'
expect_eq "/proc lists d0 and d5 only" "$(grep '^Slave Interface' /proc/net/bonding/bond0 | cut -d' ' -f3 | tr '\n' ' ')" "d0 d5 "

# A NIC missing at boot must not leave the host without a bond: the others go in.
dummies d6
ife bond2 missing0 d6
expect_eq "a missing slave: exit 1" "$RC" 1
expect_eq "and says so" "$ERR" "ifenslave: bond2: cannot enslave missing0: no such interface"
expect_eq "bond2 exists with d6" "$(grep '^Slave Interface' /proc/net/bonding/bond2 | cut -d' ' -f3)" d6
