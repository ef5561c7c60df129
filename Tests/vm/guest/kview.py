# SPDX-License-Identifier: GPL-2.0-or-later
"""kview.py: the kernel's views of bonds, for expect.py and compare-status.py: `ip -d -j link
show` (through sid's iproute2 where IP7 names it), and where that has none, sysfs
(bonding/FILE) for a bond's options on a kernel that reports none over netlink (3.10), and
/proc/net/bonding/BOND for what 3.10 shows nowhere else."""
import json
import os
import subprocess

# The ip that reads the kernel's view: sid's iproute2 7.x where run-cases.sh found it (IP7,
# Tests/vm/ip7), which prints what new kernels report and the host's ip 6.1 leaves out.
IP = os.environ.get("IP7") or "ip"


def ip_links():
    """`ip -d -j link show` of every link, by name."""
    return {l["ifname"]: l for l in json.loads(subprocess.run(
        [IP, "-d", "-j", "link", "show"], capture_output=True, text=True, check=True).stdout)}

# iproute2's info_data keys whose sysfs file has another name.
SYSFS_NAMES = {"ad_lacp_rate": "lacp_rate", "num_peer_notif": "num_grat_arp",
               "peer_notify_delay": "peer_notif_delay"}
LISTS = {"arp_ip_target", "ns_ip6_target"}


def sysfs_as_ip(dev, key):
    """What `ip -d -j` would print for KEY, read from sysfs: "active-backup 1" is the name,
    a number is a number, the target files are lists; a missing file is a missing key."""
    try:
        text = open(f"/sys/class/net/{dev}/bonding/{SYSFS_NAMES.get(key, key)}").read().strip()
    except OSError:
        return None
    if key in LISTS:
        return text.split()
    words = text.split()
    if len(words) == 2 and words[1].isdigit():
        return words[0]
    if text.isdigit():
        return int(text)
    return text or None


def proc(bond, proc_dir="/proc/net/bonding"):
    """/proc/net/bonding/BOND as (the bond's keys, {slave: its keys}), in the file's order;
    a missing file reads as nothing."""
    top, slaves, current = {}, {}, None
    try:
        lines = open(os.path.join(proc_dir, bond)).read().splitlines()
    except OSError:
        return top, slaves
    for line in lines:
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
