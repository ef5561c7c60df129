# SPDX-License-Identifier: GPL-2.0-or-later
# -o option strings (RHEL's BONDING_OPTS, by sysfs names and numbers) build a bond whose
# options the kernel then shows; --check says nothing and exits 0 while the kernel matches,
# and names each difference once something else (iproute2 here) has changed the bond, or a
# slave is missing, without changing anything itself.
dummies c0 c1 c2
ife_ok "a bond from a BONDING_OPTS string" -o "mode=1 miimon=100 updelay=200 fail_over_mac=1 primary_reselect=2" cb0 c0 c1
expect_later "mode=1 is active-backup" ip:cb0:mode '"active-backup"'
expect_later "miimon" ip:cb0:miimon 100
expect_later "updelay" ip:cb0:updelay 200
expect_later "fail_over_mac=1 is active" ip:cb0:fail_over_mac '"active"'
expect_later "primary_reselect=2 is failure" ip:cb0:primary_reselect '"failure"'
expect_now
ife -o "mode=1 max_bonds=2" cb9 c2
expect_eq "a module parameter in the string: a usage error" "$RC" 2
check_fails "and no bond" ip link show dev cb9

before=$(kernel_state)
ife --check -o "mode=1 miimon=100 updelay=200 fail_over_mac=1 primary_reselect=2" cb0 c0 c1
expect_eq "--check of what the kernel has: exit 0" "$RC" 0
expect_eq "--check of what the kernel has: says nothing" "$OUT" ""
bond_set cb0 miimon 300
want_miimon=$(kinfo cb0 miimon)
ife --check --miimon 100 cb0 c0 c1 c2
expect_eq "--check after miimon changed: exit 1" "$RC" 1
expect_eq "--check names the difference with the kernel's value, and the slave that is not in" "$OUT" "cb0: miimon is $want_miimon, wanted 100
cb0: c2 is not a slave"
ife --check --json --updelay 200 cb0 c2
expect_eq "--check --json: exit 1" "$RC" 1
expect_eq "--check --json: an array of the differences" "$(printf '%s' "$OUT" | jq -c '[.[] | [.kind, .option, .have, .want]]')" "[[\"option\",\"updelay\",\"$(kinfo cb0 updelay)\",\"200\"],[\"slave\",null,null,null]]"
ife --check cb8
expect_eq "--check of a bond that is not there: exit 1" "$RC" 1
expect_eq "--check of a bond that is not there: one line" "$OUT" "cb8: no such interface"
bond_set cb0 miimon 100
expect_eq "--check changed nothing in the kernel" "$(kernel_state)" "$before"
