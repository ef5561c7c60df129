# Status hints on real bonds: an 802.3ad bond whose peers run no LACP gets the partner hint,
# two 802.3ad bonds back to back (the peer in another namespace) agree by LACP and get none,
# and a bond without link monitoring gets that hint. The kernel's views confirm each state.
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
agreed() {
  ! grep -q 'Partner Mac Address: 00:00:00:00:00:00' /proc/net/bonding/bond0 &&
    [ "$(grep -c 'port state: 63' /proc/net/bonding/bond0)" -eq 4 ]
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
ip netns del "$peer"
