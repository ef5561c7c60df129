# SPDX-License-Identifier: GPL-2.0-or-later
# Smoke case for the harness itself, using only iproute2 (and sysfs for the options of a
# kernel that takes none over netlink): when this fails, the VM, the bonding driver or lib.sh
# is broken, not ifenslave.
bond_add bond0 mode active-backup miimon 100
ip link add d0 address 02:00:00:00:00:10 type dummy
ip link add d1 address 02:00:00:00:00:11 type dummy
ip link set d0 master bond0
ip link set d1 master bond0
ip link set bond0 up

expect_eq "only this namespace's links in /sys" "$(ls /sys/class/net | tr '\n' ' ')" "bond0 bonding_masters d0 d1 lo "
check "bond0 is in this namespace's /proc/net/bonding" test -r /proc/net/bonding/bond0
expect_eq "mode" "$(proc_bond bond0 'Bonding Mode')" "fault-tolerance (active-backup)"
expect_eq "miimon" "$(proc_bond bond0 'MII Polling Interval (ms)')" 100
expect_eq "sysfs slave list" "$(cat /sys/class/net/bond0/bonding/slaves)" "d0 d1"
check "d0 becomes active" wait_until 3 sh -c '[ "$(sed -n "s/^Currently Active Slave: //p" /proc/net/bonding/bond0)" = d0 ]'
expect_eq "d1's MII status" "$(proc_slave bond0 d1 'MII Status')" up
expect_eq "d1 keeps its own permanent address" "$(proc_slave bond0 d1 'Permanent HW addr')" 02:00:00:00:00:11
if nl_options; then
  expect_eq "rtnetlink view of the mode" "$(ipj bond0 'j["linkinfo"]["info_data"]["mode"]')" active-backup
else
  expect_eq "this kernel reports no bond options over netlink" "$(ipj bond0 'j["linkinfo"].get("info_data", {})')" "{}"
  expect_eq "and ignores them in a create" "$(ip link add probe type bond mode 1 && cat /sys/class/net/probe/bonding/mode)" "balance-rr 0"
fi

check "release d1" ip link set d1 nomaster
expect_eq "slave list after release" "$(cat /sys/class/net/bond0/bonding/slaves)" d0
ip link set d1 up
check_fails "the kernel refuses to enslave an UP device" ip link set d1 master bond0

# The helpers read the kernel's view through sid's iproute2 ($IP7, see run-cases.sh): it
# must show every bond and bond-slave attribute the host's ip 6.1 shows, with the same value
# (what only it shows, the new kernels' attributes, is why it is there).
ip -d -j link show > "$VMT_DIR/ip-host.json"
"$IP7" -d -j link show > "$VMT_DIR/ip7.json"
check "\$IP7 ($("$IP7" -V)) shows what the host's ip shows of the bond and its slaves" python3 -c '
import json, sys
host, new = ({l["ifname"]: l for l in json.load(open(f))} for f in sys.argv[1:])
bad = []
for name, link in host.items():
    for part in ("info_data", "info_slave_data"):
        for key, value in link.get("linkinfo", {}).get(part, {}).items():
            got = new.get(name, {}).get("linkinfo", {}).get(part, {}).get(key, "absent")
            if got != value:
                bad.append(f"{name} {part}.{key}: host ip {value!r}, IP7 {got!r}")
print("\n".join(bad))
sys.exit(1 if bad else 0)' "$VMT_DIR/ip-host.json" "$VMT_DIR/ip7.json"
