# SPDX-License-Identifier: GPL-2.0-or-later
# --dry-run prints the steps and changes nothing; -v traces each kernel step on stderr.
dummies d0 d1
ip addr add 192.0.2.40/24 dev d0
before=$(kernel_state)
ife --dry-run --mode active-backup --miimon 100 --primary d1 bond0 d0 d1
expect_eq "dry run: exit 0" "$RC" 0
expect_eq "dry run: the steps, one per line" "$OUT" "create bond0 type bond mode active-backup miimon 100
set bond0 up
set d0 down
delete address 192.0.2.40/24 from d0
enslave d0 to bond0
set d1 down
enslave d1 to bond0
set bond0 type bond primary d1"
expect_eq "dry run: changes nothing" "$(kernel_state)" "$before"
OUT_DRY=$OUT

ife -v --mode active-backup --miimon 100 --primary d1 bond0 d0 d1
expect_eq "-v: exit 0" "$RC" 0
changes=$(printf '%s\n' "$ERR" | grep -E '^ifenslave: (netlink|ioctl|sysfs): ' | grep -vE ': (get |dump |SIOCBONDINFOQUERY)')
if on ioctl; then
  expect_eq "-v: each change, and which backend made it" "$changes" "ifenslave: sysfs: create bond0
ifenslave: sysfs: bond0 mode active-backup
ifenslave: sysfs: bond0 miimon 100
ifenslave: netlink: set bond0 up
ifenslave: netlink: set d0 down
ifenslave: netlink: delete address 192.0.2.40/24 from d0
ifenslave: ioctl: SIOCBONDENSLAVE bond0 d0
ifenslave: netlink: set d1 down
ifenslave: ioctl: SIOCBONDENSLAVE bond0 d1
ifenslave: sysfs: bond0 primary d1"
elif ! nl_options; then
  # 3.10: netlink creates the bond and ignores its options, answers EOPNOTSUPP to a change of
  # options, and enslaves; sysfs takes the options.
  expect_eq "-v: netlink where the kernel has it, sysfs for the options" "$changes" "ifenslave: netlink: create bond0 type bond mode active-backup miimon 100
ifenslave: sysfs: bond0 mode active-backup
ifenslave: sysfs: bond0 miimon 100
ifenslave: netlink: set bond0 up
ifenslave: netlink: set d0 down
ifenslave: netlink: delete address 192.0.2.40/24 from d0
ifenslave: netlink: enslave d0 to bond0
ifenslave: netlink: set d1 down
ifenslave: netlink: enslave d1 to bond0
ifenslave: netlink: set bond0 type bond primary d1
ifenslave: sysfs: bond0 primary d1"
else
  expect_eq "-v: every change it traced is a step the dry run printed" \
    "$(printf '%s\n' "$changes" | sed 's/^ifenslave: netlink: //')" "$OUT_DRY"
  has_line "-v traces reads too" "$ERR" 'ifenslave: netlink: get bond0'
fi
expect_eq "the bond is as the dry run said" "$(kinfo bond0 mode) $(kinfo bond0 primary)" '"active-backup" "d1"'

ife --dry-run -d bond0 d0
expect_eq "dry run of -d" "$OUT" "release d0 from bond0"
ife --dry-run -c bond0 d0
expect_eq "dry run of -c" "$OUT" "set bond0 type bond active_slave d0"
ife --dry-run --destroy bond0
expect_eq "dry run of --destroy" "$OUT" "delete bond0"
ife --dry-run bond0 d0 d1
expect_eq "dry run of a rerun: nothing to do" "$OUT" ""
expect_eq "and exit 0" "$RC" 0
check "bond0 still has both slaves" test "$(grep -c '^Slave Interface' /proc/net/bonding/bond0)" = 2
