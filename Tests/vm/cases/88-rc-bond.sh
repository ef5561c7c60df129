# SPDX-License-Identifier: GPL-2.0-or-later
# rc.bond, the Slackware rc.d script (packaging/slackware): start builds the configured
# bonds with ifenslave and gives them their address and default route, a second start
# changes nothing, status shows them, stop deletes them; a bad line is reported and skipped.
# Checked with the kernel's own views, never ifenslave's.  rc.bond runs under dash (sh),
# busybox ash and bash, since it is meant for all three.
RCB=packaging/slackware/rc.bond
# IPv6 DAD flips address flags on a timer of its own; without IPv6 the snapshots hold still.
echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6
echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6
dummies d0 d1 d2 d3 d4 d5
# rc.bond runs what IFENSLAVE names: this wrapper keeps the run's backend.
printf '#!/bin/sh\nexec "%s" --backend %s "$@"\n' "$IFENSLAVE" "$BACKEND" > "$VMT_DIR/ifenslave"
chmod +x "$VMT_DIR/ifenslave"

# rcb CONF COMMAND: runs rc.bond COMMAND with CONF under $RCSH (default sh); RC, OUT and ERR
# as ife sets them.
rcb() {
  RC=0
  OUT=$(IFENSLAVE=$VMT_DIR/ifenslave RC_BOND_CONF=$1 ${RCSH:-sh} "$RCB" "$2" 2> "$VMT_DIR/rcb.err") || RC=$?
  ERR=
  while IFS= read -r _l || [ -n "$_l" ]; do ERR="$ERR${ERR:+$NL}$_l"; done < "$VMT_DIR/rcb.err"
}
# snapshot: the kernel's views of links, addresses, routes and bonds, pretty-printed so a
# diff shows what changed.  /proc's churn lines are left out: with no LACP partner they
# turn to "churned" on a 60 s timer of their own.  So are the LACP port states: without a
# partner the state machine sets "in sync" when its own timers say, seconds later on a
# loaded machine.
snapshot() {
  { ip -d -j -p link show; ip -j -p addr show; ip -j -p route show; } | grep -v oper_port_state
  for _b in /proc/net/bonding/*; do if [ -e "$_b" ]; then grep -v -e Churn -e 'port state:' "$_b"; fi; done
}
# settle: waits until two snapshots a second apart agree (LACP and the active-backup
# election run on timers after start returns), leaving the last one in SNAP.
settle() {
  SNAP=$(snapshot) _t=20
  while sleep 1; _s=$(snapshot); [ "$_s" != "$SNAP" ]; do
    SNAP=$_s _t=$((_t - 1)); [ $_t -gt 0 ] || return 1
  done
}

C=$VMT_DIR/rc.bond.conf
cat > "$C" <<'EOF'
# LACP with a fast rate and a layer 3+4 hash, addressed, with the default route
bond0  802.3ad  miimon=100,lacp-rate=fast,xmit-hash-policy=layer3+4  d0,d1  192.0.2.10/24  192.0.2.1

bond1	active-backup	miimon=100,primary=d3	d2,d3	198.51.100.10/24	# tabs work too
EOF
rcb "$C" start
expect_eq "start: exit 0" "$RC" 0
expect_eq "start: silent" "$OUT$ERR" ""
if settle; then pass; else fail "the bonds did not settle within 20 s"; fi
expect_later "bond0 is 802.3ad" ip:bond0:mode '"802.3ad"'
expect_later "/proc agrees" "proc:bond0:Bonding Mode" "IEEE 802.3ad Dynamic link aggregation"
expect_later "bond0: miimon" ip:bond0:miimon 100
expect_later "bond0: lacp-rate fast" ip:bond0:ad_lacp_rate '"fast"'
expect_later "bond0: layer3+4 hash" ip:bond0:xmit_hash_policy '"layer3+4"'
expect_later "bond0: slaves" slaves:bond0 "d0 d1"
expect_later "bond1 is active-backup" ip:bond1:mode '"active-backup"'
expect_later "bond1: miimon" ip:bond1:miimon 100
expect_later "bond1: primary" ip:bond1:primary '"d3"'
expect_later "bond1: the primary is active" "proc:bond1:Currently Active Slave" d3
expect_later "bond1: slaves" slaves:bond1 "d2 d3"
expect_now
expect_eq "both bonds up, with their addresses" "$(ip -j addr show | jq -r '.[] | select(.ifname | test("^bond"))
  | "\(.ifname) \(.flags | index("UP") != null) \([.addr_info[] | "\(.local)/\(.prefixlen) brd \(.broadcast)"])"')" \
  'bond0 true ["192.0.2.10/24 brd 192.0.2.255"]
bond1 true ["198.51.100.10/24 brd 198.51.100.255"]'
expect_eq "the default route goes through bond0" "$(ip -j route show default | jq -c '[.[] | "\(.gateway) \(.dev)"]')" \
  '["192.0.2.1 bond0"]'

RCSH="busybox sh" rcb "$C" start
expect_eq "start again (busybox ash): exit 0" "$RC" 0
expect_eq "start again: silent" "$OUT$ERR" ""
after=$(snapshot)
if [ "$after" = "$SNAP" ]; then pass; else
  fail "start again changed the kernel's state" "$(printf '%s\n' "$SNAP" > "$VMT_DIR/b"; printf '%s\n' "$after" | diff "$VMT_DIR/b" - | head -20)"
fi

RCSH=bash rcb "$C" status
expect_eq "status (bash): exit 0" "$RC" 0
has_line "status shows bond0" "$OUT" 'bond0: 802.3ad, *'
has_line "status shows bond1" "$OUT" 'bond1: active-backup, *'

rcb "$C" stop
expect_eq "stop: exit 0" "$RC" 0
expect_eq "stop: silent" "$OUT$ERR" ""
expect_eq "no bond left" "$(ls /proc/net/bonding)" ""
expect_eq "no link has a master" "$(ip -j link show | jq -c '[.[] | select(.master) | .ifname]')" "[]"
expect_eq "no default route" "$(ip route show default)" ""
rcb "$C" stop
expect_eq "stop again: exit 0, silent" "$RC $OUT$ERR" "0 "
rcb "$C" status
expect_eq "status without the bonds: exit 1" "$RC" 1
has_line "status says bond0 is missing" "$OUT" "rc.bond: bond0 is not present"

# A bad line is reported with its number and skipped; the good line after it still runs.
B=$VMT_DIR/bad.conf
cat > "$B" <<'EOF'
# one good bond after two bad lines
bond2 roundrobin - d4,d5
bond3 active-backup miimon 100 d4
bond2 balance-xor miimon=100 d4,d5
EOF
bad="rc.bond: $B line 2: unknown mode 'roundrobin'
rc.bond: $B line 3: option 'miimon' is not KEY=VALUE"
rcb "$B" start
expect_eq "bad lines: exit 1" "$RC" 1
expect_eq "bad lines: each reported" "$ERR" "$bad"
expect_later "the good line's bond exists" ip:bond2:mode '"balance-xor"'
expect_later "with its slaves" slaves:bond2 "d4 d5"
expect_now

# A mode change needs the slaves released: start refuses it (ifenslave explains), restart
# applies it.
sed -i 's/balance-xor/active-backup/' "$B"
rcb "$B" start
expect_eq "a changed mode: start fails" "$RC" 1
has_line "and ifenslave says why" "$ERR" 'ifenslave: bond2: cannot change mode: *'
expect_later "the mode is unchanged" ip:bond2:mode '"balance-xor"'
expect_now
rcb "$B" restart
expect_eq "restart: exit 1, the bad lines reported once" "$RC $ERR" "1 $bad"
expect_later "restart applies the new mode" ip:bond2:mode '"active-backup"'
expect_later "with the slaves back" slaves:bond2 "d4 d5"
expect_now

rcb "$B" frobnicate
expect_eq "an unknown command: exit 2" "$RC" 2
has_line "and the usage" "$ERR" "usage: $RCB start|stop|restart|status"
