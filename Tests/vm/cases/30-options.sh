# SPDX-License-Identifier: GPL-2.0-or-later
# Every bond option: created with a value other than the default, then read back from the
# kernel (ip -d -j link show, or sysfs where iproute2 6.1 has no key). An option this kernel
# lacks on the path in use must fail with a message naming the kernel it needs, leave no bond
# behind, and the kernel itself must confirm the lack: no sysfs file (ioctl), or iproute2's
# own request for it not read back (netlink).
n=0
# kernel_lacks FILE VALUE EXTRA IPARGS IPKEY: whether the option, or this value of it, is
# missing on the path in use. On sysfs (--backend ioctl, or a kernel that takes no options
# over netlink): no file, or the driver refuses the value on a probe bond set up as EXTRA
# (ifenslave's --name value pairs) says; over netlink, iproute2's own request refused or not
# read back.
kernel_lacks() {
  if on ioctl || ! nl_options; then
    ip link add probe type bond
    _r=0
    if [ ! -e "/sys/class/net/probe/bonding/$1" ]; then _r=1
    else
      # shellcheck disable=SC2086
      set -- "$1" "$2" "$3" "$4" "$5" $3
      _f=$1 _v=$2 _ipargs=$4 _ipkey=$5; shift 5
      while [ $# -ge 2 ]; do
        { echo "$2" > "/sys/class/net/probe/bonding/$(printf '%s' "${1#--}" | tr - _)"; } 2>/dev/null || true
        shift 2
      done
      case $_f in arp_ip_target|ns_ip6_target) ;; *) { echo "$_v" > "/sys/class/net/probe/bonding/$_f"; } 2>/dev/null || _r=1 ;; esac
      set -- "$_f" "$_v" "" "$_ipargs" "$_ipkey"
    fi
    ip link del probe
    [ "$_r" -eq 0 ] || return 0
    nl_options || return 1
  fi
  [ -n "$4" ] || return 1
  # shellcheck disable=SC2086
  # Through sid's iproute2 where there is one: it knows the options of the newest kernels,
  # and prints what the kernel reports of them.
  kip link add probe type bond $4 2>/dev/null || return 0
  _v=$(kinfo probe "$5"); ip link del probe
  [ -z "$_v" ] || [ "$_v" = null ]
}
# opt NAME VALUE "EXTRA ARGS" CHECK EXPECTED ["IPARGS IPKEY"]: CHECK is "ip:KEY"
# (info_data.KEY), "sys:FILE" or "link:KEY"; IPARGS and IPKEY let iproute2 probe a kernel
# that may lack the option.
opt() {
  name=$1 value=$2 extra=$3 check=$4 want=$5 probe=${6:-}
  n=$((n + 1)); b=ob$n
  file=$(printf '%s' "$name" | tr - _); [ "$name" = missed-max ] && file=arp_missed_max
  [ "$name" = peer-notify-delay ] && file=peer_notif_delay
  # shellcheck disable=SC2086
  ife $extra "--$name" "$value" "$b"
  if [ "$RC" -ne 0 ]; then
    # shellcheck disable=SC2086
    if kernel_lacks "$file" "$value" "$extra" "${probe% *}" "${probe##* }"; then
      expect_eq "--$name $value on a kernel without it: one line naming the bond" \
        "$(printf '%s\n' "$ERR" | grep -c "^ifenslave: $b: cannot create bond: ")" 1
      check_fails "--$name $value on a kernel without it: no bond left behind" ip link show dev "$b"
      lacked="$lacked --$name $value"
    else
      fail "--$name $value" "\$ ifenslave $extra --$name $value $b   (exit $RC)" "$ERR"
    fi
    return
  fi
  pass
  expect_later "--$name $value reads back from the kernel ($check)" "${check%%:*}:$b:${check#*:}" "$want"
}
# Every bond option the binary's --help lists has a line of this case that runs it (an opt
# line, or an ifenslave command giving it), so an option cannot ship without a VM check.
listed=0
for o in $("$IFENSLAVE" --help | sed -n '/^Bond options/,/^Slave options/s/^  --\([a-z0-9-]*\) .*/\1/p'); do
  listed=$((listed + 1))
  if grep -Eq "^opt $o |ife[_ok]* .*--$o " "$VMT_CASE"; then pass
  else fail "--$o, a bond option of --help, has no line in $(basename "$VMT_CASE") that exercises it"; fi
done
[ "$listed" -ge 30 ] && pass || fail "--help lists $listed bond options; expected every one (30 or more)"
AB="--mode active-backup" LACP="--mode 802.3ad" lacked=
opt mode balance-xor "" ip:mode '"balance-xor"'
opt miimon 250 "" ip:miimon 250
opt updelay 400 "--miimon 200" ip:updelay 400
opt downdelay 600 "--miimon 200" ip:downdelay 600
opt peer-notify-delay 800 "--miimon 200" ip:peer_notify_delay 800 "miimon 200 peer_notify_delay 800 peer_notify_delay"
# use_carrier 0: Linux 7.x (sid's 7.2) makes use_carrier obsolete and refuses 0, over
# netlink with "option obsolete, use_carrier cannot be disabled", through sysfs with EINVAL
# and "BOND: option use_carrier: invalid value (0)" in its log. Where the kernel itself
# refuses it (iproute2's request, or a write to a probe bond's file), ifenslave must refuse it
# with the kernel's words and leave no bond behind; elsewhere 0 reads back.
n=$((n + 1)); b=ob$n uc_nl=
if on ioctl || ! nl_options; then
  ip link add probe type bond
  uc_sysfs=0; { echo 0 > /sys/class/net/probe/bonding/use_carrier; } 2>/dev/null || uc_sysfs=1
  ip link del probe
else
  uc_sysfs=0; uc_nl=$(ip link add probe type bond use_carrier 0 2>&1) && uc_nl= && ip link del probe
fi
ife --use-carrier 0 "$b"
if [ -n "$uc_nl" ]; then
  uc_words=${uc_nl#Error: }; uc_words=${uc_words%.}
  expect_eq "--use-carrier 0 where the kernel refuses it (netlink: '$uc_nl'): exit 1" "$RC" 1
  expect_eq "--use-carrier 0 where the kernel refuses it: its words, one line" "$ERR" "ifenslave: $b: cannot create bond: $uc_words"
  check_fails "--use-carrier 0 where the kernel refuses it: no bond left behind" ip link show dev "$b"
  lacked="$lacked --use-carrier 0"
elif [ "$uc_sysfs" = 1 ]; then
  expect_eq "--use-carrier 0 where sysfs refuses it: exit 1" "$RC" 1
  expect_eq "--use-carrier 0 where sysfs refuses it: one line naming the bond" \
    "$(printf '%s\n' "$ERR" | grep -c "^ifenslave: $b: cannot create bond: ")" 1
  check_fails "--use-carrier 0 where sysfs refuses it: no bond left behind" ip link show dev "$b"
  has_line "--use-carrier 0 where sysfs refuses it: the kernel's log names the option" "$(dmesg | tail -n 50)" \
    "*$b: option use_carrier: invalid value (0)*"
  lacked="$lacked --use-carrier 0"
elif [ "$RC" -eq 0 ]; then
  pass
  expect_later "--use-carrier 0 reads back from the kernel (ip:use_carrier)" "ip:$b:use_carrier" 0
else
  fail "--use-carrier 0" "\$ ifenslave --use-carrier 0 $b   (exit $RC)" "$ERR"
fi
opt arp-interval 500 "" ip:arp_interval 500
opt arp-ip-target 192.0.2.1,192.0.2.2 "--arp-interval 500" ip:arp_ip_target '["192.0.2.1","192.0.2.2"]'
opt arp-validate filter_backup "$AB --arp-interval 500" ip:arp_validate '"filter_backup"'
opt arp-all-targets all "" ip:arp_all_targets '"all"'
opt missed-max 7 "$AB --arp-interval 500" ip:arp_missed_max 7 "arp_missed_max 7 arp_missed_max"
opt ns-ip6-target 2001:db8::1,2001:db8::2 "" ip:ns_ip6_target '["2001:db8::1","2001:db8::2"]' "ns_ip6_target 2001:db8::1 ns_ip6_target"
opt primary-reselect failure "$AB" ip:primary_reselect '"failure"'
opt fail-over-mac follow "$AB" ip:fail_over_mac '"follow"'
opt xmit-hash-policy layer3+4 "--mode balance-xor" ip:xmit_hash_policy '"layer3+4"'
opt xmit-hash-policy 5 "$LACP" ip:xmit_hash_policy '"vlan+srcmac"' "mode 802.3ad xmit_hash_policy vlan+srcmac xmit_hash_policy"
opt resend-igmp 9 "" ip:resend_igmp 9
opt num-grat-arp 5 "$AB" ip:num_peer_notif 5
opt num-unsol-na 6 "$AB" sys:num_unsol_na 6
opt all-slaves-active 1 "" ip:all_slaves_active 1
opt min-links 2 "$LACP" ip:min_links 2
opt lp-interval 30 "--mode balance-tlb" ip:lp_interval 30
opt packets-per-slave 3 "--mode balance-rr" ip:packets_per_slave 3
opt lacp-rate fast "$LACP" ip:ad_lacp_rate '"fast"'
opt lacp-active off "$LACP" ip:ad_lacp_active '"off"' "mode 802.3ad lacp_active off ad_lacp_active"
opt ad-select bandwidth "$LACP" ip:ad_select '"bandwidth"'
opt ad-actor-sys-prio 1000 "$LACP" ip:ad_actor_sys_prio 1000
opt ad-user-port-key 77 "$LACP" ip:ad_user_port_key 77
opt ad-actor-system 02:00:00:00:ad:01 "$LACP" ip:ad_actor_system '"02:00:00:00:ad:01"'
opt tlb-dynamic-lb 0 "--mode balance-tlb" ip:tlb_dynamic_lb 0
opt mtu 9000 "" link:mtu 9000
opt hwaddr 02:00:00:00:00:42 "" link:address '"02:00:00:00:00:42"'

# coupled_control (6.9; Debian's 6.1.192 has it backported), broadcast_neighbor (6.17) and
# lacp_strict (7.2): netlink only, and seen through sid's iproute2, which prints them as
# booleans.
opt coupled-control off "$LACP" ip:coupled_control false "mode 802.3ad coupled_control off coupled_control"
opt broadcast-neighbor on "$LACP" ip:broadcast_neighbor true "mode 802.3ad broadcast_neighbor on broadcast_neighbor"
opt lacp-strict on "$LACP" ip:lacp_strict true "mode 802.3ad lacp_strict on lacp_strict"

expect_now
echo "# options this kernel lacks on this path, as it showed:${lacked:- none}"

# Options on an existing bond: only what differs is sent, and it reads back.
dummies e0 e1
ife_ok "an active-backup bond with two slaves" $AB --miimon 100 ab0 e0 e1
ife_ok "change miimon, updelay and primary of a bond with slaves" --miimon 200 --updelay 400 --primary e1 ab0
expect_later "miimon changed" ip:ab0:miimon 200
expect_later "updelay changed" ip:ab0:updelay 400
expect_later "primary set" ip:ab0:primary '"e1"'
expect_later "the primary became the active slave" "proc:ab0:Currently Active Slave" e1
expect_now
ife_ok "--mtu 4000 on a bond with slaves" --mtu 4000 ab0
expect_later "the bond's MTU" link:ab0:mtu 4000
expect_later "the kernel gave it to the slaves" link:e0:mtu 4000
expect_now
before=$(kernel_state)
ife_ok "the same options again" --miimon 200 --updelay 400 --primary e1 --mtu 4000 ab0
expect_eq "change nothing" "$(kernel_state)" "$before"
