# SPDX-License-Identifier: GPL-2.0-or-later
# Errors leave the system as it was: the kernel's views before and after each refused
# command are the same, and the error is one line with the right exit status.
dummies d0 d1 d2 d3
ip addr add 192.0.2.20/24 dev d2
ip link add br0 type bridge forward_delay 0 && ip link set d3 master br0 && ip link set br0 up
ife_ok "setup: active-backup bond0" --mode active-backup --miimon 100 bond0 d0 d1
ife_ok "setup: 802.3ad bond1, up, no slaves" --mode 802.3ad bond1
# A new bond's carrier settles on its own; wait before the snapshot.
check "bond1 has settled" settled bond1
check "bond0 has settled" wait_until 5 sh -c 'ip link show dev bond0 | grep -q LOWER_UP'
check "bond0 is steady" settled bond0
# So does the bridge's, once its port forwards (at once, with forward_delay 0).
check "br0 has settled" wait_until 10 sh -c 'ip link show dev br0 | grep -q "state UP"'
before=$(kernel_state)

# refused STATUS WHAT ARGS...: ifenslave ARGS exits STATUS with one line on stderr, and
# the kernel's state is unchanged.
refused() {
  _st=$1 _what=$2; shift 2
  ife "$@"
  expect_eq "$_what: exit $_st" "$RC" "$_st"
  case $ERR in *"$NL"*|"") fail "$_what: one line on stderr" "$ERR" ;; *) pass ;; esac
  expect_eq "$_what: the stderr line starts with ifenslave:" "${ERR%%:*}" ifenslave
  _after=$(kernel_state)
  if [ "$_after" = "$before" ]; then pass; else
    fail "$_what: the system changed" "$(printf '%s\n' "$before" > "$VMT_DIR/b"; printf '%s\n' "$_after" | diff "$VMT_DIR/b" - | head -20)"
  fi
}
refused 2 "unknown mode" --mode roundrobin bond9 d2
refused 2 "two exclusive options" -d -c bond0 d0
refused 2 "a number out of range" --miimon 2147483648 bond9 d2
refused 2 "a number that overflows 64 bits" --miimon 18446744073709551616 bond9 d2
refused 2 "the master given as a slave" bond0 bond0
refused 2 "an interface name with a slash" bond9 ../../etc
refused 2 "a 16-byte interface name" bond9 abcdefghijklmnop
refused 2 "an option of another mode" --mode active-backup --lacp-rate fast bond9 d2
refused 2 "MII and ARP monitoring together" --miimon 100 --arp-interval 100 bond9 d2
refused 2 "a multicast MAC" --hwaddr 01:00:5e:00:00:01 bond9 d2
refused 1 "changing the mode of a bond with slaves" --mode balance-rr bond0
refused 1 "an option that needs the bond down" --lacp-rate fast bond1
refused 1 "a primary that is not a slave" --primary d2 bond0
refused 1 "delays without MII monitoring on a new bond" --updelay 200 bond9 d2
refused 1 "a master that is not a bond" d2 d1
refused 1 "-c to an interface that is not a slave" -c bond0 d2
refused 1 "-c in a mode without an active slave" -c bond1 d0
refused 1 "-d of an interface that is not a slave" -d bond0 d2
refused 1 "--destroy of a dummy" --destroy d2
refused 1 "--destroy of nothing" --destroy nosuch0
refused 1 "status of nothing" nosuch0
refused 1 "the loopback device as a slave" bond0 lo
refused 1 "a bridge port as a slave" bond0 d3
refused 1 "a slave of another bond" bond1 d0
expect_eq "the messages say why: e.g. the bridge port" "$(ife bond0 d3; echo "$ERR")" "ifenslave: bond0: cannot enslave d3: d3 already belongs to br0 (kind bridge)"
expect_eq "and the mode change" "$(ife --mode balance-rr bond0; echo "$ERR")" \
  "ifenslave: bond0: cannot change mode: the kernel changes it only while the bond has no slaves, and bond0 has d0 d1; release them first (ifenslave -d bond0 d0 d1), or give --force-down"
