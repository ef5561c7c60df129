# SPDX-License-Identifier: GPL-2.0-or-later
# Status hints on real bonds: an 802.3ad bond whose peers run no LACP gets the partner hint,
# two 802.3ad bonds back to back (the peer in another namespace) agree by LACP and get none,
# a bond without link monitoring gets that hint, and an ARP target outside the bond's subnet
# gets one, where -a learns every bond's addresses from one dump. The kernel's views confirm
# each state.
peer=hintpeer$$
veth_peers "$peer" 2
# hint_codes BOND: the codes of ifenslave --json BOND's hints, space-separated.
hint_codes() { ife --json "$1"; printf '%s' "$OUT" | jq -r '[.hints[].code] | join(" ")'; }

ife_ok "an 802.3ad bond over veths whose peers run no LACP" \
  --mode 802.3ad --lacp-rate fast --miimon 100 bond0 v0 v1
# The kernel's view: no partner ever answered.
wait_until 10 sh -c "grep -q 'Partner Mac Address: 00:00:00:00:00:00' /proc/net/bonding/bond0"
check "the kernel shows no LACP partner" grep -q 'Partner Mac Address: 00:00:00:00:00:00' /proc/net/bonding/bond0
codes=$(hint_codes bond0)
expect_eq "the hints: no LACP partner" "$codes" "lacp-no-partner"
ife bond0
has_line "the text names the ports and the fix" "$OUT" "  error: 802.3ad: no LACP partner on v0, v1 of bond0*balance-xor*\[lacp-no-partner\]"

# The peer becomes an 802.3ad bond too: LACP agrees and the hint goes.
RC=0; ip netns exec "$peer" "$IFENSLAVE" --mode 802.3ad --lacp-rate fast --miimon 100 bond9 p0 p1 || RC=$?
expect_eq "the peer's bond" "$RC" 0
# 3.10's /proc shows no port states: there both ports in the active aggregator must do.
agreed() {
  ! grep -q 'Partner Mac Address: 00:00:00:00:00:00' /proc/net/bonding/bond0 || return 1
  if grep -q 'port state:' /proc/net/bonding/bond0; then
    [ "$(grep -c 'port state: 63' /proc/net/bonding/bond0)" -eq 4 ]
  else
    _agg=$(awk '/Active Aggregator Info/ {a = 1} a && /Aggregator ID:/ {print $3; exit}' /proc/net/bonding/bond0)
    [ "$(grep -c "^Aggregator ID: $_agg\$" /proc/net/bonding/bond0)" -eq 2 ]
  fi
}
wait_until 20 agreed
check "the kernel shows LACP agreed: a partner, every port in sync, collecting and distributing" agreed
expect_eq "with a partner: no hints" "$(hint_codes bond0)" ""

# No link monitoring.
dummies d0
ife_ok "a bond with miimon 0" --mode active-backup --miimon 0 bond1 d0
expect_eq "the kernel's miimon and arp_interval" "$(kinfo bond1 miimon) $(kinfo bond1 arp_interval)" "0 0"
expect_eq "the hint" "$(hint_codes bond1)" "no-link-monitoring"
ife -a
has_line "-a shows it too" "$OUT" "  warning: bond1 has no link monitoring (miimon 0, arp_interval 0)*\[no-link-monitoring\]"

# ARP monitoring: bond2's target is outside its subnet, bond3's inside.
dummies d1 d2
ife_ok "bond2, ARP-monitored" --mode active-backup --arp-interval 1000 --arp-ip-target 192.0.2.1 bond2 d1
ife_ok "bond3, ARP-monitored" --mode active-backup --arp-interval 1000 --arp-ip-target 192.0.2.1 bond3 d2
ip addr add 198.51.100.7/24 dev bond2
ip addr add 192.0.2.10/24 dev bond3
expect_eq "the kernel's ARP targets" "$(kinfo bond2 arp_ip_target) $(kinfo bond3 arp_ip_target)" '["192.0.2.1"] ["192.0.2.1"]'
expect_eq "the kernel's addresses" \
  "$(ip -j addr show dev bond2 | jq -r '.[0].addr_info[0].local') $(ip -j addr show dev bond3 | jq -r '.[0].addr_info[0].local')" \
  "198.51.100.7 192.0.2.10"
ife -v -a
has_line "-a: bond2's target is outside its subnet" "$OUT" "  warning: arp_ip_target 192.0.2.1 is outside bond2's subnets (198.51.100.7/24)*\[arp-target-unreachable\]"
case $OUT in *"outside bond3's"*) fail "-a: bond3's target is inside its subnet" "$OUT" ;; *) pass ;; esac
expect_eq "-a: one address dump for both bonds" \
  "$(printf '%s\n' "$ERR" | grep -c 'dump IPv4 addresses')" 1
case $(hint_codes bond2) in *arp-target-unreachable*) pass ;; *) fail "bond2 --json names arp-target-unreachable" "$(hint_codes bond2)" ;; esac
ip netns del "$peer"
