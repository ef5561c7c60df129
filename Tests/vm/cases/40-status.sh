# SPDX-License-Identifier: GPL-2.0-or-later
# Status, as text and JSON, against the kernel's own views: ip -d -j link show and
# /proc/net/bonding. veth slaves report speed and duplex; dummies do not.
ip link add v0 type veth peer name v0p; ip link add v1 type veth peer name v1p
for d in v0 v1 v0p v1p; do ip link set $d up; done
dummies d0 d1 d2 d3
ife_ok "active-backup over veths" --mode active-backup --miimon 100 --primary v1 ab0 v0 v1
ife_ok "802.3ad over dummies" --mode 802.3ad --lacp-rate fast --xmit-hash-policy layer3+4 lacp0 d0 d1
ife_ok "balance-xor with ARP monitoring" --mode balance-xor --arp-interval 200 --arp-ip-target 192.0.2.7,192.0.2.8 xor0 d2 d3
ife_ok "a bond without slaves" --mode balance-alb --mtu 9000 empty0
ip link set d3 down    # a slave whose link is down: mii_status and failure counts
wait_until 3 sh -c '[ "$(proc_slave ab0 v0 "MII Status")" = up ]' || true
sleep 1

ife_ok "--json -a" --json -a
printf '%s\n' "$OUT" > "$VMT_DIR/ours.json"
ip -d -j link show > "$VMT_DIR/ip.json"
check "every field of every bond matches ip -d -j and /proc/net/bonding" \
  python3 Tests/vm/guest/compare-status.py "$VMT_DIR/ours.json" "$VMT_DIR/ip.json" /proc/net/bonding
# The comparison has teeth: one wrong value, or one bond too many, fails it.
jq '(.[] | select(.name == "ab0") | .miimon) = 1' "$VMT_DIR/ours.json" > "$VMT_DIR/wrong.json"
check_fails "a wrong miimon is caught" python3 Tests/vm/guest/compare-status.py "$VMT_DIR/wrong.json" "$VMT_DIR/ip.json" /proc/net/bonding
jq '(.[] | select(.name == "ab0") | .slaves[0].state) = "backup" | (.[] | select(.name == "ab0") | .slaves[1].state) = "backup"' "$VMT_DIR/ours.json" > "$VMT_DIR/wrong.json"
check_fails "a wrong slave state is caught" python3 Tests/vm/guest/compare-status.py "$VMT_DIR/wrong.json" "$VMT_DIR/ip.json" /proc/net/bonding

ife_ok "--json ab0" --json ab0
expect_eq "--json MASTER is the object -a lists" "$(printf '%s' "$OUT" | jq -c .)" "$(jq -c '.[] | select(.name == "ab0")' "$VMT_DIR/ours.json")"
expect_eq "veth speed from ethtool" "$(printf '%s' "$OUT" | jq -c '[.slaves[].speed, .slaves[].duplex]')" '[10000,10000,"full","full"]'

ife_ok "ifenslave ab0" ab0
active=$(proc_bond ab0 'Currently Active Slave')
has_line "text names the active slave /proc names ($active)" "$OUT" "  active slave: $active"
# 3.10 reports a bond's operstate as unknown.
has_line "text gives mode, state and MTU" "$OUT" "ab0: active-backup, up, operstate $(klink ab0 operstate | tr -d '"' | tr A-Z a-z), mtu 1500*"
has_line "text shows MII monitoring" "$OUT" '  link monitoring: MII every 100 ms, updelay 0 ms, downdelay 0 ms'
has_line "text shows the slaves with speed" "$OUT" '    v0: mii up, *10000 Mb/s full duplex*'

ife_ok "ifenslave lacp0" lacp0
# 5.10 has no lacp_active: the text then leaves it out.
active=; [ "$(kinfo lacp0 ad_lacp_active)" = '"on"' ] && active="active on, "
# Newer kernels report more LACP settings (coupled_control from 6.9, Debian's 6.1.192 too;
# broadcast_neighbor and lacp_strict from 7.2), each shown where the path in use reads it:
# netlink reports them, sysfs has no file for any of them.
more=
for _o in coupled_control broadcast_neighbor lacp_strict; do
  if on ioctl || ! nl_options; then [ -e "/sys/class/net/lacp0/bonding/$_o" ] || continue; fi
  case $(kinfo lacp0 "$_o") in true) more="$more, $_o on" ;; false) more="$more, $_o off" ;; esac
done
has_line "text shows LACP settings" "$OUT" "  LACP: rate fast, ${active}ad_select stable, min_links 0$more"
has_line "text shows the hash policy" "$OUT" '  transmit hash policy: layer3+4'

ife_ok "ifenslave -a" -a
expect_eq "-a shows one block per bond in /proc/net/bonding" \
  "$(printf '%s\n' "$OUT" | grep -c '^[^ ].*: ')" "$(ls /proc/net/bonding | wc -l)"
ife -a ab0
expect_eq "-a with a name is a usage error" "$RC" 2
ife d0
expect_eq "status of a slave, not a bond: exit 1" "$RC" 1
expect_eq "and says so" "$ERR" "ifenslave: d0: not a bond (kind dummy)"
