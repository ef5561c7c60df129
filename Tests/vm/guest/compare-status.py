"""compare-status.py OURS.json IP.json PROC-DIR: checks ifenslave --json against the kernel.

OURS.json is `ifenslave --json -a`; IP.json is `ip -d -j link show`; PROC-DIR is
/proc/net/bonding. Every bond the kernel lists must be in OURS with the same values, and
nothing else. Prints one line per mismatch; exit status 1 if there is any."""
import json
import os
import sys

ours = {b["name"]: b for b in json.load(open(sys.argv[1]))}
links = {l["ifname"]: l for l in json.load(open(sys.argv[2]))}
proc_dir = sys.argv[3]
problems = []


def same(what, got, want):
    if got != want:
        problems.append(f"{what}: ifenslave says {got!r}, the kernel {want!r}")


def proc(bond):
    """/proc/net/bonding/BOND as (bond keys, {slave: keys})."""
    top, slaves, current = {}, {}, None
    for line in open(os.path.join(proc_dir, bond)):
        line = line.strip()
        if ": " not in line:
            continue
        key, value = line.split(": ", 1)
        if key == "Slave Interface":
            current = slaves.setdefault(value, {})
        elif current is None:
            top.setdefault(key, value)
        else:
            current.setdefault(key, value)
    return top, slaves


kernel_bonds = sorted(os.listdir(proc_dir))
same("bonds", sorted(ours), kernel_bonds)
# ip -d -j keys that differ from the kernel's sysfs names, which ifenslave uses.
renamed = {"peer_notify_delay": "peer_notif_delay", "num_peer_notif": "num_grat_arp",
           "ad_lacp_rate": "lacp_rate", "ad_lacp_active": "lacp_active"}
for name in kernel_bonds:
    b, link = ours.get(name, {}), links[name]
    data = link["linkinfo"]["info_data"]
    top, slaves = proc(name)
    same(f"{name} mtu", b.get("mtu"), link["mtu"])
    same(f"{name} hwaddr", b.get("hwaddr"), link["address"])
    same(f"{name} operstate", b.get("operstate"), link["operstate"].lower())
    same(f"{name} admin_state", b.get("admin_state"), "up" if "UP" in link["flags"] else "down")
    for key, value in data.items():
        if key in ("ad_info",):
            continue
        ours_key = renamed.get(key, key)
        if key == "arp_validate" and value is None:
            value = "none"
        same(f"{name} {ours_key}", b.get(ours_key), value)
    same(f"{name} active_slave", b.get("active_slave"), data.get("active_slave"))
    same(f"{name} primary", b.get("primary"), data.get("primary"))
    if "ad_info" in data:
        same(f"{name} ad_info", b.get("ad_info"), data["ad_info"])
    same(f"{name} miimon in /proc", str(b.get("miimon")), top.get("MII Polling Interval (ms)"))
    active = top.get("Currently Active Slave")
    if active is not None:
        same(f"{name} active slave in /proc", b.get("active_slave") or "None", active)
    our_slaves = {s["name"]: s for s in b.get("slaves", [])}
    same(f"{name} slaves", sorted(our_slaves), sorted(slaves))
    for slave, keys in slaves.items():
        s, sdata = our_slaves.get(slave, {}), links[slave]["linkinfo"]["info_slave_data"]
        same(f"{name}/{slave} state", s.get("state"), sdata["state"].lower())
        same(f"{name}/{slave} mii_status", s.get("mii_status"), sdata["mii_status"].lower())
        same(f"{name}/{slave} mii in /proc", s.get("mii_status").replace("_", " "), keys["MII Status"])
        same(f"{name}/{slave} link_failure_count", s.get("link_failure_count"), sdata["link_failure_count"])
        same(f"{name}/{slave} failures in /proc", str(s.get("link_failure_count")), keys["Link Failure Count"])
        same(f"{name}/{slave} perm_hwaddr", s.get("perm_hwaddr"), sdata["perm_hwaddr"])
        same(f"{name}/{slave} perm_hwaddr in /proc", s.get("perm_hwaddr"), keys["Permanent HW addr"])
        same(f"{name}/{slave} queue_id", s.get("queue_id"), sdata["queue_id"])
        same(f"{name}/{slave} ad_aggregator_id", s.get("ad_aggregator_id"), sdata.get("ad_aggregator_id"))
        same(f"{name}/{slave} ad_actor_oper_port_state", s.get("ad_actor_oper_port_state"),
             sdata.get("ad_actor_oper_port_state"))
        speed = keys.get("Speed", "Unknown")
        same(f"{name}/{slave} speed in /proc", str(s.get("speed")) + " Mbps" if s.get("speed") else "Unknown", speed)
        same(f"{name}/{slave} duplex in /proc", s.get("duplex") or "Unknown", keys.get("Duplex", "Unknown"))
print("\n".join(problems))
sys.exit(1 if problems else 0)
