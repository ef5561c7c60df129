# SPDX-License-Identifier: GPL-2.0-or-later
"""expect.py FILE: checks many expectations against the kernel's views in one process.

Under TCG every process start costs a noticeable fraction of a second, so a case that checks
dozens of values writes them to FILE, one per line, tab-separated:

    DESCRIPTION  SOURCE  EXPECTED

and this reads each view once. SOURCE is one of
    ip:DEV:KEY          info_data.KEY of DEV in `ip -d -j link show` (sid's ip where IP7
                        names it, see kview.py), compact JSON; on a
                        kernel that reports no bond options over netlink (3.10), the same
                        value as sysfs shows it (bonding/FILE, typed as ip would print it)
    link:DEV:KEY        a top-level key of DEV there (mtu, address, master, ...), compact JSON
    sys:DEV:FILE        /sys/class/net/DEV/bonding/FILE
    proc:BOND:KEY       the "KEY: value" line of /proc/net/bonding/BOND, before the slaves
    slaves:BOND         the slave names in /proc/net/bonding/BOND, space-separated
A missing key reads as the empty string. Prints "ok" or the failed DESCRIPTION with what was
expected and found, one line each; exit status 1 if any failed.

expect.py --get SOURCE prints one value ("null" for a missing one), for lib.sh's kinfo."""
import json
import sys

from kview import ip_links, proc, sysfs_as_ip

links = ip_links()


def compact(value):
    return "" if value is None else json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def read(source):
    kind, _, rest = source.partition(":")
    if kind == "ip":
        dev, key = rest.split(":", 1)
        info = links.get(dev, {}).get("linkinfo", {})
        if info.get("info_kind") == "bond" and not info.get("info_data"):
            return compact(sysfs_as_ip(dev, key))
        return compact(info.get("info_data", {}).get(key))
    if kind == "link":
        dev, key = rest.split(":", 1)
        return compact(links.get(dev, {}).get(key))
    if kind == "sys":
        dev, name = rest.split(":", 1)
        try:
            return open(f"/sys/class/net/{dev}/bonding/{name}").read().strip()
        except OSError:
            return ""
    if kind == "proc":
        bond, key = rest.split(":", 1)
        return proc(bond)[0].get(key, "")
    if kind == "slaves":
        return " ".join(proc(rest)[1])
    raise SystemExit(f"expect.py: unknown source {source}")


if sys.argv[1] == "--get":
    print(read(sys.argv[2]) or "null")
    sys.exit(0)
failed = 0
for line in open(sys.argv[1]).read().splitlines():
    description, source, expected = line.split("\t")
    actual = read(source)
    if actual == expected:
        print("ok")
    else:
        failed += 1
        print(f"{description}\n    expected: '{expected}'\n    actual:   '{actual}'")
sys.exit(1 if failed else 0)
