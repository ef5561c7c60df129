#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# capture-fixtures.sh [OUTDIR]: regenerate Tests/IfenslaveCoreTests/Fixtures/*.hex (or write
# them to OUTDIR, e.g. to record another kernel's replies) from a real kernel.
#   Tests/vm/run.sh Tests/vm/capture/capture-fixtures.sh
#   VMH_SUITE=bullseye Tests/vm/run.sh Tests/vm/capture/capture-fixtures.sh .build/fixtures-5.10
#
# The unit tests compare our encoder's bytes with what iproute2 sends and run our parser on
# what the kernel answers, so both sides must come from the kernel the VM boots.  Everything
# runs in one fresh network namespace: its ifindexes start at 1, so with the fixed creation
# order below and fixed MACs the bytes come out the same on every run (only seq, pid and
# counters differ).  IPv6 is off so no link-local address or DAD traffic varies the replies.
# Each fixture's header records the command, kernel, filter and ifindexes.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" != --in-netns ]; then
  F=${1:-$(cd "$HERE/../.." && pwd)/IfenslaveCoreTests/Fixtures}
  mkdir -p "$F" && F=$(cd "$F" && pwd)
  ip netns add capture
  trap 'ip netns del capture' EXIT
  ip netns exec capture sh "$0" --in-netns "$F"
  python3 "$HERE/nldecode.py" "$F"/*.hex > /dev/null    # every fixture must decode
  echo "fixtures written to $F"
  exit 0
fi

F=$2
note=
cap() {    # cap NAME nlcapture-options... -- COMMAND...
  n=$1; shift
  python3 "$HERE/nlcapture.py" -o "$F/$n.hex" ${note:+--note "$note"} "$@"
  note=
  echo "captured $n"
}
req() { n=$1 t=$2; shift 2; cap "$n" --request "$t" -- "$@"; }
reply() { n=$1 t=$2; shift 2; cap "$n" --reply-to "$t" -- "$@"; }
waitfor() {    # the driver changes state asynchronously; give it 5 s
  i=0; until "$@"; do i=$((i + 1)); [ $i -lt 50 ] || { echo "timeout: $*" >&2; exit 1; }; sleep 0.1; done
}
active_is() { [ "$(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/$1)" = "$2" ]; }

sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link set lo up
ip link add nlmon0 type nlmon && ip link set nlmon0 up                            # ifindex 2
for i in 0 1 2; do ip link add d$i address 02:00:00:00:00:1$i type dummy; done   # 3 4 5

req create-bond RTM_NEWLINK ip link add bond0 type bond mode active-backup miimon 100   # 6
req create-bond-plain RTM_NEWLINK ip link add bond1 type bond                           # 7
ip link set bond1 address 02:00:00:00:00:21    # a bond without slaves has a random MAC
req change-options RTM_NEWLINK ip link set bond0 type bond updelay 200 downdelay 300
req set-down RTM_NEWLINK ip link set d0 down
req set-up RTM_NEWLINK ip link set d0 up
req set-mtu RTM_NEWLINK ip link set d0 mtu 9000
ip link set d0 mtu 1500

note="d0 is down and has no addresses before the command"
req address-add RTM_NEWADDR ip addr add 192.0.2.1/24 brd 192.0.2.255 dev d0
ip addr add 192.0.2.2/24 brd 192.0.2.255 dev d0
note="d0 holds 192.0.2.1/24 and the secondary 192.0.2.2/24; lo holds 127.0.0.1/8"
reply getaddr-dump RTM_GETADDR ip -4 addr show
note="192.0.2.2/24 is a secondary of 192.0.2.1/24, so the kernel deletes both"
req address-del RTM_DELADDR ip addr del 192.0.2.1/24 dev d0
ip addr flush dev d0
ip link set d0 down

note="d0 is down, bond0 has no slaves"
req enslave RTM_NEWLINK ip link set d0 master bond0
req release RTM_NEWLINK ip link set d0 nomaster

ip link set d0 down
ip link set d0 master bond0
ip link set d1 master bond0
ip link set bond0 up
waitfor active_is bond0 d0
note="bond0 is up with slaves d0 (active) and d1"
req active-slave RTM_NEWLINK ip link set bond0 type bond active_slave d1
ip link set bond0 type bond primary d0
waitfor active_is bond0 d0

note="bond0: active-backup, miimon 100, updelay 200, downdelay 300, primary d0 (active), slaves d0 d1; reply to iproute2's 2nd RTM_GETLINK (the 1st resolves the name, the 3rd the active slave's)"
reply getlink-bond-ab RTM_GETLINK:2 ip -d link show dev bond0
note="d0: slave of bond0, active; reply to iproute2's 2nd RTM_GETLINK (the 3rd resolves the master's name)"
reply getlink-slave-ab RTM_GETLINK:2 ip -d link show dev d0
note="d1: slave of bond0, backup; reply to iproute2's 2nd RTM_GETLINK"
reply getlink-slave-ab-backup RTM_GETLINK:2 ip -d link show dev d1

ip link set d2 up
note="d2 is UP; bond0 has slaves d0 d1"
reply error-enslave-up RTM_NEWLINK ip link set d2 master bond0
note="bond0 is active-backup with slaves d0 d1"
reply error-mode-with-slaves RTM_NEWLINK ip link set bond0 type bond mode balance-rr
note="iproute2 turns if999 into ifindex 999 (ll_idx_a2n), so the kernel answers the RTM_NEWLINK for the missing device"
reply error-nodev RTM_NEWLINK ip link set if999 master bond0

ip link add bond2 address 02:00:00:00:00:22 type bond miimon 0                                                   # 8
note="bond2: balance-rr, miimon 0, no slaves"
req arp-targets RTM_NEWLINK ip link set bond2 type bond arp_interval 100 arp_ip_target 192.0.2.1,192.0.2.2

req create-8023ad RTM_NEWLINK ip link add bond3 type bond mode 802.3ad xmit_hash_policy layer3+4 lacp_rate fast ad_actor_sys_prio 100 ad_actor_system 02:00:00:00:00:aa   # 9
ip link add d3 address 02:00:00:00:00:13 type dummy                                     # 10
ip link set d3 master bond3
ip link set bond3 up
waitfor grep -q 'Aggregator ID: [1-9]' /proc/net/bonding/bond3
note="bond3: 802.3ad, lacp_rate fast, layer3+4, slave d3 (dummy, no LACP partner), up"
reply getlink-bond-8023ad RTM_GETLINK:2 ip -d link show dev bond3
note="d3: the only slave of bond3"
reply getlink-slave-8023ad RTM_GETLINK:2 ip -d link show dev d3

note="links: lo nlmon0 d0-d3 bond0-bond3; multipart reply ending in NLMSG_DONE"
reply dump-links RTM_GETLINK:1 ip -d link show
note="bond0 has slaves d0 d1"
req set-hwaddr RTM_NEWLINK ip link set bond0 address 02:00:00:00:00:99
req delete-link RTM_DELLINK ip link del bond0
