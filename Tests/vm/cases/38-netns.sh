# SPDX-License-Identifier: GPL-2.0-or-later
# -n NAME: a bond built, shown, monitored and changed inside a named network namespace, as
# `ip -n` sees it, on the path in use (the legacy one reads that namespace's own sysfs); the
# namespace the command was started in keeps nothing of it; a missing namespace is one line.
ip netns add nsb
ip -n nsb link add n0 type dummy
ip -n nsb link add n1 type dummy
ife_ok "a bond inside nsb" -n nsb --mode active-backup --miimon 100 nb0 n0 n1
expect_eq "nsb has the bond, as active-backup" "$(ip netns exec nsb sed -n 's/^Bonding Mode: //p' /proc/net/bonding/nb0)" "fault-tolerance (active-backup)"
expect_eq "its slaves are n0 and n1" "$(ip -n nsb -o link show master nb0 | awk '{print $2}' | tr -d : | tr '\n' ' ')" "n0 n1 "
check_fails "this namespace has no nb0" ip link show dev nb0
ife -n nsb nb0
expect_eq "status inside nsb: exit 0" "$RC" 0
has_line "status inside nsb names the mode" "$OUT" "nb0: active-backup, up*"
ife -n nsb --json -a
expect_eq "-a inside nsb lists nb0 alone" "$(printf '%s' "$OUT" | jq -c '[.[].name]')" '["nb0"]'
ife_ok "-c inside nsb" -n nsb -c nb0 n1
expect_eq "n1 is the active slave in nsb" "$(ip netns exec nsb sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/nb0)" n1
ife -n nsb --check --miimon 100 nb0 n0 n1
expect_eq "--check inside nsb: matches" "$RC" 0
# --monitor in nsb hears nsb's bond.
"$IFENSLAVE" --backend "$BACKEND" -n nsb --monitor --json nb0 > "$VMT_DIR/mon" 2>&1 &
mon=$!
sleep 2
ip -n nsb link set n1 down
wait_until 10 grep -q '"slave":"n1"' "$VMT_DIR/mon" || true
kill "$mon"; wait "$mon" 2>/dev/null || true
has_line "the monitor in nsb reports n1's link going down" "$(cat "$VMT_DIR/mon")" '*"bond":"nb0"*"slave":"n1"*'
ife_ok "--destroy inside nsb" -n nsb --destroy nb0
check_fails "nsb has no nb0 any more" ip -n nsb link show dev nb0
ife -n nosuch bond0
expect_eq "a missing namespace: exit 1" "$RC" 1
expect_eq "in one line" "$ERR" "ifenslave: netns nosuch: no network namespace nosuch (/run/netns/nosuch); ip netns add nosuch creates one"
ip netns del nsb
