# SPDX-License-Identifier: GPL-2.0-or-later
# The classic rc.local line and its reruns: create, bring up, take slaves down, strip their
# IPv4 addresses, enslave; a second run changes nothing.
dummies d0 d1 d2
ip addr add 192.0.2.10/24 dev d0
ip addr add 192.0.2.11/24 dev d0

ife_ok "ifenslave bond0 d0 d1 creates the bond" bond0 d0 d1
expect_eq "bond0 is a bond" "$(ip -d -j link show dev bond0 | jq -r '.[0].linkinfo.info_kind')" bond
check "bond0 is up" sh -c 'ip -j link show dev bond0 | jq -e ".[0].flags | index(\"UP\")"'
expect_eq "mode is the kernel default" "$(proc_bond bond0 'Bonding Mode')" "load balancing (round-robin)"
expect_eq "d0 is a slave of bond0" "$(klink d0 master)" '"bond0"'
expect_eq "d1 is a slave of bond0" "$(klink d1 master)" '"bond0"'
expect_eq "slave order in /proc" "$(grep '^Slave Interface' /proc/net/bonding/bond0 | cut -d' ' -f3 | tr '\n' ' ')" "d0 d1 "
expect_eq "d0's IPv4 addresses are gone, as 1.1.0 did" "$(ip -4 -j addr show dev d0 | jq -c '[.[0].addr_info[]?.local]')" "[]"
expect_eq "stderr names each removed address" "$ERR" "ifenslave: d0: removed IPv4 address 192.0.2.11/24
ifenslave: d0: removed IPv4 address 192.0.2.10/24"
expect_eq "nothing on stdout" "$OUT" ""

before=$(kernel_state)
ife_ok "the same line again succeeds" bond0 d0 d1
expect_eq "and changes nothing" "$(kernel_state)" "$before"
expect_eq "silently" "$ERR" ""

ife_ok "options after the operands: ifenslave bond0 d2 -fv" bond0 d2 -fv
expect_eq "d2 is a slave of bond0" "$(klink d2 master)" '"bond0"'
step="ifenslave: netlink: enslave d2 to bond0"
on ioctl && step="ifenslave: ioctl: SIOCBONDENSLAVE bond0 d2"
has_line "-v traces each kernel step on stderr, naming the backend" "$ERR" "$step"

# A bond that exists already (modprobe bonding max_bonds=1 made one) and is down: reused, brought up.
ip link add bond1 type bond
ip link add d3 type dummy
ife_ok "legacy line on an existing, down bond" bond1 d3
expect_eq "bond1 is up now (1.1.0 refused a down master)" "$(ip -j link show dev bond1 | jq -c '.[0].flags | index("UP") != null')" true
expect_eq "d3 is a slave of bond1" "$(klink d3 master)" '"bond1"'
check "no 'File exists'" sh -c "! printf '%s' \"\$1\" | grep -q 'File exists'" sh "$ERR"

# Release by permutation and by a prefix of --detach, as old scripts wrote it.
ife_ok "ifenslave bond0 -d d2 (permutation)" bond0 -d d2
expect_eq "d2 released" "$(klink d2 master)" "null"
ife_ok "ifenslave --det bond0 d1 (prefix)" --det bond0 d1
expect_eq "d1 released" "$(klink d1 master)" "null"
expect_eq "bond0 keeps d0" "$(grep '^Slave Interface' /proc/net/bonding/bond0 | cut -d' ' -f3 | tr '\n' ' ')" "d0 "
