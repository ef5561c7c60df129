# SPDX-License-Identifier: GPL-2.0-or-later
# --export: the bonds rebuilt from what it printed, as ifenslave lines and as rc.bond.conf
# lines (through rc.bond itself), have the options and slaves the originals had, as
# /proc/net/bonding and `ip -d -j link show` (kbonds) show them; --to writes the files of a
# format and never overwrites. (41-export-networkd: the round trip through systemd-networkd.)
dummies x0 x1 x2 x3
build() {
  ife_ok "an active-backup bond" --mode active-backup --miimon 100 --updelay 200 --primary x1 ex0 x0 x1
  ife_ok "an 802.3ad bond" --mode 802.3ad --lacp-rate fast --xmit-hash-policy layer3+4 --min-links 1 ex1 x2 x3
}
# view: what the kernel shows of the two bonds' settings and slaves, without the lines that
# move on their own (link states, counters, LACP).
view() {
  for _b in ex0 ex1; do
    grep -E '^(Bonding Mode|Transmit Hash Policy|Primary Slave|MII Polling Interval|Up Delay|Down Delay|LACP rate|Min links|Aggregator selection policy|Slave Interface|Slave queue ID)' "/proc/net/bonding/$_b" | sed 's/ (primary_reselect.*//'
  done
}
build
settled ex0
before=$(view) kbefore=$(kbonds)
ife --export ifenslave -a
expect_eq "--export ifenslave -a: exit 0" "$RC" 0
printf '%s\n' "$OUT" > "$VMT_DIR/lines"
ife_ok "destroy ex0" --destroy ex0
ife_ok "destroy ex1" --destroy ex1
while IFS= read -r line; do
  # shellcheck disable=SC2086
  set -- $line; shift
  ife_ok "the exported line: $line" "$@"
done < "$VMT_DIR/lines"
settled ex0
expect_eq "the bonds rebuilt from the ifenslave lines are the originals" "$(view)" "$before"
expect_eq "the bonds rebuilt from the ifenslave lines, as ip -d -j link show has them" "$(kbonds)" "$kbefore"

ife --export rc.bond -a
grep -v '^#' > "$VMT_DIR/rc.bond.conf" <<EOF2
$OUT
EOF2
ife_ok "destroy ex0 again" --destroy ex0
ife_ok "destroy ex1 again" --destroy ex1
printf '#!/bin/sh\nexec "%s" --backend %s "$@"\n' "$IFENSLAVE" "$BACKEND" > "$VMT_DIR/ifenslave"
chmod +x "$VMT_DIR/ifenslave"
RC=0
IFENSLAVE=$VMT_DIR/ifenslave RC_BOND_CONF=$VMT_DIR/rc.bond.conf sh packaging/slackware/rc.bond start > "$VMT_DIR/rcb.out" 2>&1 || RC=$?
expect_eq "rc.bond start with the exported rc.bond.conf: exit 0" "$RC" 0
settled ex0
expect_eq "the bonds rebuilt by rc.bond from the export are the originals" "$(view)" "$before"
expect_eq "the bonds rebuilt by rc.bond, as ip -d -j link show has them" "$(kbonds)" "$kbefore"

mkdir "$VMT_DIR/exported"
ife_ok "--export ifcfg --to DIR" --export ifcfg --to "$VMT_DIR/exported" ex1
expect_eq "the ifcfg files of the bond and its slaves" "$(ls "$VMT_DIR/exported" | tr '\n' ' ')" "ifcfg-ex1 ifcfg-x2 ifcfg-x3 "
has_line "ifcfg-ex1 holds the options as BONDING_OPTS" "$(cat "$VMT_DIR/exported/ifcfg-ex1")" 'BONDING_OPTS="mode=802.3ad *lacp_rate=fast*"'
echo mine > "$VMT_DIR/exported/keep"
ife --export ifcfg --to "$VMT_DIR/exported" ex1
expect_eq "a second --to into the same DIR: exit 1" "$RC" 1
has_line "it names the file it would not overwrite" "$ERR" "ifenslave: $VMT_DIR/exported/ifcfg-ex1: cannot write it: it exists, and is never overwritten"
expect_eq "what was there stays" "$(cat "$VMT_DIR/exported/keep")" mine
