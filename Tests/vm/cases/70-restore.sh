# A slave the kernel refuses is put back exactly as it was: admin state, addresses, MTU and
# master. An nlmon device is taken down and stripped of its address like any slave, and then
# the bonding driver refuses it: "Device type is different from other slaves" (EINVAL).
dummies d0 d5
ife_ok "bond0 with an Ethernet slave" --mode active-backup --miimon 100 bond0 d0
ip link add nlmon0 type nlmon
ip link set nlmon0 up
ip addr add 192.0.2.30/24 dev nlmon0
ip addr add 192.0.2.31/24 dev nlmon0
before=$(ip -d link show dev nlmon0; ip addr show dev nlmon0)

ife bond0 nlmon0 d5
expect_eq "exit 1: one slave failed" "$RC" 1
# Netlink carries the driver's own words; the ioctl answers with the errno alone (EINVAL).
reason="Device type is different from other slaves"
on ioctl && reason="Invalid argument"
has_line "the kernel's reason is reported" "$ERR" "ifenslave: bond0: cannot enslave nlmon0: $reason"
has_line "the addresses it removed are named" "$ERR" 'ifenslave: nlmon0: removed IPv4 address 192.0.2.30/24'
has_line "the restore is reported" "$ERR" 'ifenslave: nlmon0: put back as it was before this command'
expect_eq "nlmon0 is exactly as before (link and addresses)" "$(ip -d link show dev nlmon0; ip addr show dev nlmon0)" "$before"
expect_eq "nlmon0 is up" "$(ip -j link show dev nlmon0 | jq -c '.[0].flags | index("UP") != null')" true
expect_eq "nlmon0 has no master" "$(klink nlmon0 master)" null
expect_eq "the next slave went on: d5 is in bond0" "$(klink d5 master)" '"bond0"'
expect_eq "/proc lists d0 and d5 only" "$(grep '^Slave Interface' /proc/net/bonding/bond0 | cut -d' ' -f3 | tr '\n' ' ')" "d0 d5 "

# A NIC missing at boot must not leave the host without a bond: the others go in.
dummies d6
ife bond2 missing0 d6
expect_eq "a missing slave: exit 1" "$RC" 1
expect_eq "and says so" "$ERR" "ifenslave: bond2: cannot enslave missing0: no such interface"
expect_eq "bond2 exists with d6" "$(grep '^Slave Interface' /proc/net/bonding/bond2 | cut -d' ' -f3)" d6
