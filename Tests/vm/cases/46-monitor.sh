# SPDX-License-Identifier: GPL-2.0-or-later
# --monitor on a real bond: cut the active link of an active-backup bond and the monitor
# prints the link going down, then the active slave changing, in that order; --json gives
# the same as one object per line; a signal ends it (SIGTERM here: a job started with & in
# a script ignores SIGINT, and so does the monitor then, as every command does).
peer=monpeer$$
veth_peers "$peer" 2
ife_ok "an active-backup bond over two veths" --mode active-backup --miimon 100 --primary v0 bond0 v0 v1
wait_until 10 sh -c "grep -q 'Currently Active Slave: v0' /proc/net/bonding/bond0"
"$IFENSLAVE" --monitor bond0 > "$VMT_DIR/mon.txt" 2> "$VMT_DIR/mon.err" & text=$!
"$IFENSLAVE" --monitor --json > "$VMT_DIR/mon.json" 2> "$VMT_DIR/mon.jerr" & json=$!
# Ready when both print a change made for the purpose (they subscribe, then read).
ready() {
  bond_set bond0 updelay "$1"
  grep -q "updelay" "$VMT_DIR/mon.txt" && grep -q '"option":"updelay"' "$VMT_DIR/mon.json"
}
n=0
until ready $(( (n % 2 + 1) * 100 )); do n=$((n + 1)); [ $n -lt 50 ] || break; sleep 0.2; done
check "both monitors saw an option change" grep -q 'bond0: updelay [0-9]* -> [0-9]*$' "$VMT_DIR/mon.txt"

# Cut the active link: the peer's end goes down, v0 loses carrier, miimon fails over to v1.
ip -n "$peer" link set p0 down
wait_until 10 sh -c "grep -q 'Currently Active Slave: v1' /proc/net/bonding/bond0"
check "the kernel failed over to v1" grep -q 'Currently Active Slave: v1' /proc/net/bonding/bond0
wait_until 10 grep -q 'active slave v0 -> v1' "$VMT_DIR/mon.txt"
wait_until 10 grep -q '"event":"active-slave"' "$VMT_DIR/mon.json"
kill -TERM "$text" "$json"
RC=0; wait "$text" || RC=$?
expect_eq "SIGTERM ends the monitor, which dies of it" "$RC" 143
wait "$json" || true
check "nothing on stderr" sh -c "! [ -s '$VMT_DIR/mon.err' ] && ! [ -s '$VMT_DIR/mon.jerr' ]"
lines=$(grep -n -e 'bond0: v0 link down' -e 'bond0: active slave v0 -> v1' "$VMT_DIR/mon.txt" | cut -d: -f1 | tr '\n' ' ')
check "the link-down line, then the active-slave line ($lines)" sh -c "set -- $lines; [ \$# -eq 2 ] && [ \$1 -lt \$2 ]"
check "every line has a UTC timestamp and the bond" sh -c \
  "! grep -v -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z bond0: ' '$VMT_DIR/mon.txt'"
check "--json: one object per line, link-down before active-slave" sh -c \
  "jq -s -e '[.[] | select(.bond == \"bond0\") | .event] | (index(\"link-down\") < index(\"active-slave\"))' '$VMT_DIR/mon.json'"
check "--json: the active-slave event names both" sh -c \
  "jq -s -e 'any(.[]; .event == \"active-slave\" and .from == \"v0\" and .to == \"v1\")' '$VMT_DIR/mon.json'"
echo "# monitor: $(wc -l < "$VMT_DIR/mon.txt") text lines, $(wc -l < "$VMT_DIR/mon.json") JSON lines"
ip netns del "$peer"
