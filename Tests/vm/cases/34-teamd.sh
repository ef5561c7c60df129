# SPDX-License-Identifier: GPL-2.0-or-later
# --teamd-config: bonds built from teamd configurations (teamd.conf(5), as `teamdctl TEAM
# config dump` prints them), each read back from the kernel: an active-backup team with a
# port's queue ID and a rerun that changes nothing, ARP watching (on a bond without ports,
# whose state then holds still), an LACP team from standard input, a dry run that touches
# nothing, and a watcher bonding does not have, refused with nothing left behind.
# The translation is ifenslave's; the options it sets are 30-options' and 32's on every
# kernel: one run a backend, on the oldest and the newest kernel, is enough here.
# matrix-runs: bookworm:netlink bookworm:ioctl sid:netlink linux-3.10.108:auto linux-3.10.108:ioctl
dummies t0 t1 t2 t3
cat > "$VMT_DIR/ab.json" <<'JSON'
{
  "device": "team0",
  "runner": {"name": "activebackup", "hwaddr_policy": "by_active"},
  "link_watch": {"name": "ethtool", "delay_down": 300},
  "ports": {"t0": {"queue_id": 3, "sticky": true}, "t1": {}}
}
JSON
ife_ok "an active-backup team" --teamd-config "$VMT_DIR/ab.json" tb0
expect_later "the runner became active-backup" ip:tb0:mode '"active-backup"'
expect_later "hwaddr_policy by_active is fail_over_mac active" ip:tb0:fail_over_mac '"active"'
expect_later "ethtool is MII monitoring" ip:tb0:miimon 100
expect_later "delay_down is downdelay" ip:tb0:downdelay 300
expect_later "a sticky port is primary_reselect failure" ip:tb0:primary_reselect '"failure"'
expect_now
expect_eq "t0's queue ID, as /proc/net/bonding shows it" "$(proc_slave tb0 t0 'Slave queue ID')" 3
expect_eq "the ports are the slaves, in their order" "$(sed -n 's/^Slave Interface: //p' /proc/net/bonding/tb0 | tr '\n' ' ')" "t0 t1 "

before=$(kernel_state)
ife_ok "the same configuration again" --teamd-config "$VMT_DIR/ab.json" tb0
expect_eq "the rerun changed nothing" "$(kernel_state)" "$before"

cat > "$VMT_DIR/arp.json" <<'JSON'
{"runner": {"name": "activebackup"},
 "link_watch": {"name": "arp_ping", "interval": 250, "target_host": "192.0.2.1", "validate_active": true},
 "ports": {}}
JSON
ife_ok "an active-backup team with ARP watching" --teamd-config "$VMT_DIR/arp.json" tba
expect_later "the ARP interval" ip:tba:arp_interval 250
expect_later "the ARP target" ip:tba:arp_ip_target '["192.0.2.1"]'
expect_later "validate_active is arp_validate active" ip:tba:arp_validate '"active"'
expect_later "no MII monitoring beside it" ip:tba:miimon 0
expect_now
has_line "what bonding does otherwise is said" "$ERR" "ifenslave: $VMT_DIR/arp.json: link_watch.missed_max: teamd's default is 3 missed replies, bonding's (arp_missed_max) 2"

RC=0
OUT=$("$IFENSLAVE" --backend "$BACKEND" --teamd-config - tb1 2> "$VMT_DIR/lacp.err" <<'JSON'
{"device": "team1", "runner": {"name": "lacp", "fast_rate": true, "min_ports": 2, "tx_hash": ["eth", "ipv4"]},
 "link_watch": {"name": "ethtool", "delay_up": 200}, "ports": {"t2": {}, "t3": {}}}
JSON
) || RC=$?
expect_eq "an LACP team from standard input" "$RC" 0
expect_later "the runner became 802.3ad" ip:tb1:mode '"802.3ad"'
expect_later "fast_rate is lacp_rate fast" ip:tb1:ad_lacp_rate '"fast"'
expect_later "min_ports is min_links" ip:tb1:min_links 2
expect_later "eth and ipv4 hash as layer2+3" ip:tb1:xmit_hash_policy '"layer2+3"'
expect_later "ethtool is MII monitoring" ip:tb1:miimon 100
expect_later "delay_up is updelay" ip:tb1:updelay 200
expect_now

ip link add t4 type dummy
cat > "$VMT_DIR/tipc.json" <<'JSON'
{"runner": {"name": "activebackup"}, "ports": {"t4": {"link_watch": {"name": "tipc", "tipc_bearer": "b0"}}}}
JSON
ife --dry-run --teamd-config "$VMT_DIR/arp.json" tb2
expect_eq "a dry run succeeds" "$RC" 0
has_line "a dry run prints the create" "$OUT" "create tb2 type bond mode active-backup arp_interval 250 arp_ip_target 192.0.2.1 arp_validate active"
ife --teamd-config "$VMT_DIR/tipc.json" tb3
expect_eq "a watcher bonding does not have: refused" "$RC" 1
expect_eq "in one line naming it" "$ERR" "ifenslave: $VMT_DIR/tipc.json: link_watch.name tipc has no bonding equivalent"
# The LACP bond's state moves on its own: what the two could have touched is looked at.
check_fails "the dry run created no bond" ip link show dev tb2
check_fails "the refusal created no bond" ip link show dev tb3
check_fails "t4 is no one's slave" sh -c "ip -o link show dev t4 | grep -q master"
