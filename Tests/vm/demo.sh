#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo: ifenslave's main job on a real bonding driver, in a throw-away VM. Creates an
# active-backup bond over two veth links to a "switch" (a bridge in another namespace),
# shows its status, pings through it, pulls the active cable and shows the failover.
set -eu
B=$PWD/.build/release/ifenslave
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '# %s\n' "$*"; "$@"; }
active() { sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0; }

. Tests/vm/guest/switch.sh
veth_switch switch eth0 eth1
uname -r | sed 's/^/kernel: /'

say "Create bond0 and enslave two NICs, as an rc.local line would"
run "$B" --mode active-backup --miimon 100 bond0 eth0 eth1
run ip addr add 198.51.100.1/24 dev bond0
i=0; until [ "$(active)" = eth0 ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done

say "Status"
run "$B" bond0
run "$B" --json bond0

say "Ping the switch through the bond"
run busybox ping -c 3 -W 2 198.51.100.2

say "Pull eth0's cable while pinging"
busybox ping -i 0.2 -c 30 -W 1 198.51.100.2 > /tmp/ping.log 2>&1 &
sleep 1
run ip -n switch link set eth0p down
i=0; until [ "$(active)" = eth1 ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
echo "active slave is now: $(active)"
run "$B" bond0
wait
tail -n 2 /tmp/ping.log

say "Plug it back and make eth0 active again"
run ip -n switch link set eth0p up
sleep 1
run "$B" -c bond0 eth0
echo "active slave is now: $(active)"

say "Release and destroy"
run "$B" -d bond0 eth1
run "$B" --destroy bond0
ip netns del switch
