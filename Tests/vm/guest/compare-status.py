# SPDX-License-Identifier: GPL-2.0-or-later
"""compare-status.py OURS.json IP.json PROC-DIR: checks ifenslave --json against the kernel.

OURS.json is `ifenslave --json -a`; IP.json is `ip -d -j link show`; PROC-DIR is
/proc/net/bonding. Every bond the kernel lists must be in OURS with the same values, and
nothing else. Where the kernel reports no bond options over netlink (3.10), sysfs gives the
bond's options and /proc/net/bonding its slaves' values; what neither shows is not compared.
Prints one line per mismatch; exit status 1 if there is any."""
import json
import os
import sys

from kview import SYSFS_NAMES, proc, sysfs_as_ip

ours = {b["name"]: b for b in json.load(open(sys.argv[1]))}
links = {l["ifname"]: l for l in json.load(open(sys.argv[2]))}
proc_dir = sys.argv[3]
problems = []


def same(what, got, want):
    if got != want:
        problems.append(f"{what}: ifenslave says {got!r}, the kernel {want!r}")


kernel_bonds = sorted(os.listdir(proc_dir))
# The option keys `ip -d -j` prints for a bond (iproute2's names), read from sysfs on 3.10.
IP_KEYS = ["mode", "active_slave", "miimon", "updelay", "downdelay", "peer_notify_delay", "use_carrier",
           "arp_interval", "arp_ip_target", "arp_validate", "arp_all_targets", "primary", "primary_reselect",
           "fail_over_mac", "xmit_hash_policy", "resend_igmp", "num_peer_notif", "all_slaves_active",
           "min_links", "lp_interval", "packets_per_slave", "ad_lacp_rate", "ad_select", "tlb_dynamic_lb"]
same("bonds", sorted(ours), kernel_bonds)
# ip -d -j keys that differ from the kernel's sysfs names, which ifenslave uses.
renamed = {"peer_notify_delay": "peer_notif_delay", "num_peer_notif": "num_grat_arp",
           "ad_lacp_rate": "lacp_rate", "ad_lacp_active": "lacp_active"}
for name in kernel_bonds:
    b, link = ours.get(name, {}), links[name]
    data = link["linkinfo"].get("info_data")
    if not data:
        # 3.10: every option sysfs has, under iproute2's names; active_slave and primary
        # are interface names there.
        data = {k: sysfs_as_ip(name, k) for k in IP_KEYS}
        data = {k: v for k, v in data.items() if v is not None or k in ("active_slave", "primary")}
        # An option this kernel does not have is null.
        for key in IP_KEYS:
            if not os.path.exists(f"/sys/class/net/{name}/bonding/{SYSFS_NAMES.get(key, key)}"):
                same(f"{name} {renamed.get(key, key)} (no sysfs file)", b.get(renamed.get(key, key), "absent"), None)
    top, slaves = proc(name, proc_dir)
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
        s, sdata = our_slaves.get(slave, {}), links[slave].get("linkinfo", {}).get("info_slave_data")
        if sdata is not None:
            same(f"{name}/{slave} state", s.get("state"), sdata["state"].lower())
            same(f"{name}/{slave} mii_status", s.get("mii_status"), sdata["mii_status"].lower())
            same(f"{name}/{slave} link_failure_count", s.get("link_failure_count"), sdata["link_failure_count"])
            same(f"{name}/{slave} perm_hwaddr", s.get("perm_hwaddr"), sdata["perm_hwaddr"])
            same(f"{name}/{slave} queue_id", s.get("queue_id"), sdata["queue_id"])
            same(f"{name}/{slave} ad_aggregator_id", s.get("ad_aggregator_id"), sdata.get("ad_aggregator_id"))
            same(f"{name}/{slave} ad_actor_oper_port_state", s.get("ad_actor_oper_port_state"),
                 sdata.get("ad_actor_oper_port_state"))
        else:
            # 3.10: /proc alone, which names the active slave but no one's state.
            if active is not None:
                same(f"{name}/{slave} state", s.get("state") == "active" if slave == active else True, True)
            same(f"{name}/{slave} queue_id in /proc", str(s.get("queue_id")), keys["Slave queue ID"])
            aggregator = keys.get("Aggregator ID")
            if aggregator is not None:
                same(f"{name}/{slave} aggregator in /proc", str(s.get("ad_aggregator_id") or "N/A"), aggregator)
        same(f"{name}/{slave} mii in /proc", s.get("mii_status").replace("_", " "), keys["MII Status"])
        same(f"{name}/{slave} failures in /proc", str(s.get("link_failure_count")), keys["Link Failure Count"])
        same(f"{name}/{slave} perm_hwaddr in /proc", s.get("perm_hwaddr"), keys["Permanent HW addr"])
        speed = keys.get("Speed", "Unknown")
        same(f"{name}/{slave} speed in /proc", str(s.get("speed")) + " Mbps" if s.get("speed") else "Unknown", speed)
        same(f"{name}/{slave} duplex in /proc", s.get("duplex") or "Unknown", keys.get("Duplex", "Unknown"))
print("\n".join(problems))
sys.exit(1 if problems else 0)
