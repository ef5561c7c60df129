# SPDX-License-Identifier: GPL-2.0-or-later
# A bad SLAVE among good ones is that slave's problem, as a missing NIC is: the good slaves
# are enslaved (or released), the bad one is named on stderr and left untouched, and the run exits 1
# (0 where the only problem was a slave named twice). Checked with the kernel's own view.
# matrix-runs: bookworm:netlink bookworm:ioctl sid:netlink
dummies d0 d1 d2 d3 d4 d5
slaves_of() { grep '^Slave Interface' "/proc/net/bonding/$1" | cut -d' ' -f3 | tr '\n' ' '; }

# The rc line with NIC2 unset: ifenslave bond0 "$NIC1" "$NIC2" "$NIC3".
NIC1=d0 NIC3=d1
ife --mode active-backup --miimon 100 bond0 "$NIC1" "${NIC2:-}" "$NIC3"
expect_eq "an empty slave name among good ones: exit 1" "$RC" 1
expect_eq "one line names the empty one" "$ERR" "ifenslave: bond0: cannot enslave '': an interface name cannot be empty"
expect_eq "the good ones are in bond0, in order" "$(slaves_of bond0)" "d0 d1 "
expect_eq "bond0 is active-backup" "$(proc_bond bond0 'Bonding Mode')" "fault-tolerance (active-backup)"

ife bond0 d2 d2
expect_eq "a slave named twice: exit 0" "$RC" 0
expect_eq "with a warning" "$ERR" "ifenslave: bond0: d2 is given twice; enslaving it once"
expect_eq "d2 is in bond0 once" "$(slaves_of bond0)" "d0 d1 d2 "

ife bond0 d3 bond0 d4
expect_eq "the master among its slaves: exit 1" "$RC" 1
expect_eq "named" "$ERR" "ifenslave: bond0: cannot enslave bond0: a bond cannot be a slave of itself"
expect_eq "the others are in" "$(slaves_of bond0)" "d0 d1 d2 d3 d4 "
expect_eq "bond0 has no master" "$(klink bond0 master)" null

for bad in d5:1 abcdefghijklmnop d5/x "d 5"; do
  ife bond1 "$bad" d5
  expect_eq "'$bad' before a good slave of a new bond: exit 1" "$RC" 1
  case $ERR in "ifenslave: bond1: cannot enslave '$bad': an interface name "*) pass ;; *) fail "'$bad' named in one line" "$ERR" ;; esac
  expect_eq "bond1 was made, with d5 in it" "$(slaves_of bond1)" "d5 "
  ip link del bond1
done

# Release goes on past a bad name too; a dry run plans the good ones and changes nothing.
before=$(kernel_state)
ife --dry-run bond0 d5 ""
expect_eq "a dry run with a bad slave: exit 1" "$RC" 1
expect_eq "a dry run names it" "$ERR" "ifenslave: bond0: cannot enslave '': an interface name cannot be empty"
has_line "and plans the good one" "$OUT" "enslave d5 to bond0"
expect_eq "a dry run changes nothing" "$(kernel_state)" "$before"
ife -d bond0 d3 d3: d4
expect_eq "-d with a bad name among good ones: exit 1" "$RC" 1
expect_eq "-d names it" "$ERR" "ifenslave: bond0: cannot release 'd3:': an interface name cannot contain ':'"
expect_eq "the good ones are released" "$(slaves_of bond0)" "d0 d1 d2 "
expect_eq "d3 has no master" "$(klink d3 master)" null

# What stays a malformed command: no SLAVE that could be valid, a bad MASTER.
before=$(kernel_state)
for args in "bond0 bond0" "bond0 :" "b:0 d5" "-c bond0 bond0"; do
  # shellcheck disable=SC2086
  ife $args
  expect_eq "ifenslave $args: exit 2" "$RC" 2
done
ife bond0 ""
expect_eq "ifenslave bond0 '' (nothing valid): exit 2" "$RC" 2
expect_eq "and nothing changed" "$(kernel_state)" "$before"
