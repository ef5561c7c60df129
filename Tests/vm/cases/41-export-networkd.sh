# SPDX-License-Identifier: GPL-2.0-or-later
# --export networkd: bonds that systemd-networkd itself builds from the exported .netdev and
# .network files have the options, MTU and slaves the originals had, as the kernel shows them
# (kbonds: `ip -d -j link show`). networkd is the host's (/lib/systemd/systemd-networkd),
# run in this case's network namespace; it must run, or the case fails.
# What networkd makes of the files depends neither on the kernel nor on ifenslave's backend:
# matrix-runs: bookworm:netlink sid:netlink
ND=/lib/systemd/systemd-networkd
dummies x0 x1 x2 x3 x4 x5
# Every setting networkd has a key for (systemd 252, the host's; PeerNotifyDelaySec= and
# ARPMissedMax= came with 256), on bonds of the modes that take them.
ife_ok "an active-backup bond" --mode active-backup --miimon 100 --updelay 200 --downdelay 100 --primary x1 \
  --primary-reselect better --fail-over-mac active --num-grat-arp 3 --resend-igmp 2 --all-slaves-active 1 --mtu 9000 ex0 x0 x1
ife_ok "an 802.3ad bond" --mode 802.3ad --lacp-rate fast --xmit-hash-policy layer3+4 --min-links 1 --ad-select bandwidth \
  --ad-actor-sys-prio 100 --ad-user-port-key 5 --ad-actor-system 02:00:00:00:00:01 ex1 x2 x3
ife_ok "a balance-tlb bond" --mode balance-tlb --miimon 50 --tlb-dynamic-lb 0 --xmit-hash-policy layer2+3 ex2 x4
# networkd sends LearnPacketIntervalSec= only along with ARPIntervalSec=: here, not on ex2.
ife_ok "a balance-rr bond watching ARP" --mode balance-rr --arp-interval 500 --arp-ip-target 192.0.2.1,192.0.2.2 \
  --arp-validate all --arp-all-targets all --packets-per-slave 4 --lp-interval 3 ex3 x5
settled ex0
before=$(kbonds)
mkdir "$VMT_DIR/network"
ife_ok "--export networkd --to DIR -a" --export networkd --to "$VMT_DIR/network" -a
for b in ex0 ex1 ex2 ex3; do ife_ok "destroy $b" --destroy "$b"; done
expect_eq "no bond is left to rebuild" "$(kbonds)" ""

# networkd in a mount namespace of its own, where /run and its configuration directories are
# empty tmpfs but for the exported files, so it reads only these and leaves nothing behind.
# A read-only /sys is what tells networkd that no udev runs (udev_available() in systemd's
# udev-util.c; systemd-udevd.service has ConditionPathIsReadWrite=/sys): it then takes links
# as initialized at once, where it would otherwise wait for udev's database entry forever,
# which left the ports unenslaved.
[ -x "$ND" ] || fail "no $ND to run: the round trip through networkd is not tested"
RC=0
SYSTEMD_LOG_LEVEL=debug SYSTEMD_LOG_TARGET=console unshare --mount sh -euc '
  mount -t tmpfs run /run
  mkdir -p /run/systemd/netif/links /run/systemd/netif/leases /run/systemd/netif/lldp
  chown -R systemd-network:systemd-network /run/systemd/netif
  for d in /etc/systemd/network /usr/lib/systemd/network /usr/local/lib/systemd/network; do
    [ ! -d $d ] || mount -t tmpfs nd $d
  done
  cp "$1"/* /etc/systemd/network/
  mount -o remount,bind,ro /sys
  exec "$2"' networkd "$VMT_DIR/network" "$ND" > "$VMT_DIR/networkd.log" 2>&1 &
nd=$!
# networkd takes a few seconds under TCG to start, create the bonds and enslave the ports, and
# sets the primary after them: the view must come to the original's within a minute.
end=$(($(date +%s) + 60))
until [ "$(kbonds)" = "$before" ] || [ "$(date +%s)" -ge "$end" ]; do sleep 1; done
after=$(kbonds)
if kill -0 "$nd" 2>/dev/null; then
  pass
  kill "$nd"
  wait "$nd" || true
else
  wait "$nd" || RC=$?
  fail "systemd-networkd stopped on its own (exit $RC)" "$(tail -n 30 "$VMT_DIR/networkd.log")"
fi
# A key or value networkd does not take is a warning naming the file, and is ignored.
expect_eq "networkd took every line of the exported files" \
  "$(grep -E '/etc/systemd/network/[^ :]+:[0-9]+: ' "$VMT_DIR/networkd.log" || true)" ""
if [ "$after" = "$before" ]; then pass; else
  printf '%s\n' "$before" > "$VMT_DIR/before"
  printf '%s\n' "$after" > "$VMT_DIR/after"
  fail "the bonds networkd built from the exported files are the originals" \
    "$(diff -U0 "$VMT_DIR/before" "$VMT_DIR/after" | grep '^[-+][^-+]' || true)" \
    "networkd's log, last lines:" "$(grep -v -e 'Failed to connect to system bus' "$VMT_DIR/networkd.log" | tail -n 40)"
fi
