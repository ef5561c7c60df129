# SPDX-License-Identifier: GPL-2.0-or-later
"""bench.py: ifenslave against iproute2 on the real bonding driver, inside the VM.

Every comparison is measured in the same run, round after round, and reported as the median
of the per-round figures with their min-max: absolute times drift on a shared machine, ratios
much less. Processes are started the same way for every tool (posix_spawn from this script),
so the cost of starting them is part of every figure alike.

Env: IFENSLAVE, FLOOR (bench/floor.c built), BENCH_ROUNDS (5), BENCH_SIZES (10,100,1000),
BENCH_ARP_BONDS (1000), BENCH_LEGACY_BONDS (100).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

IFE = os.environ["IFENSLAVE"]
FLOOR = os.environ["FLOOR"]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10,100,1000").split(",")]
ARP_BONDS = int(os.environ.get("BENCH_ARP_BONDS", "1000"))
LEGACY_BONDS = int(os.environ.get("BENCH_LEGACY_BONDS", "100"))
TMP = tempfile.mkdtemp()


def run(argv):
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit("bench: %s: exit %d: %s" % (" ".join(argv[:4]), p.returncode, p.stderr.decode().strip()))


def timed(*argvs):
    t = time.perf_counter()
    for argv in argvs:
        run(argv)
    return time.perf_counter() - t


def rounds(variants):
    """{name: [seconds per round]}: each variant once per round, in turn."""
    per_round = {k: [] for k in variants}
    for _ in range(ROUNDS):
        for name, argv in variants.items():
            per_round[name].append(timed(argv))
    return per_round


def batch(lines):
    path = os.path.join(TMP, "batch")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    run(["ip", "-batch", path])


def sendmsgs(argv):
    """Netlink requests and ioctls a command makes (strace), to explain the times."""
    out = os.path.join(TMP, "strace")
    run(["strace", "-qq", "-f", "-o", out, "-e", "trace=sendmsg,sendto,ioctl"] + argv)
    lines = open(out).read().splitlines()
    # TCGETS is the check whether stdout is a terminal, not a request to the kernel's network.
    return sum("sendmsg(" in l or "sendto(" in l for l in lines), \
        sum("ioctl(" in l and "SIOCGIF" not in l and "TCGETS" not in l for l in lines)


def opens(argv):
    """Files a command opens and reads (strace): the cost of a status read through sysfs."""
    out = os.path.join(TMP, "strace")
    run(["strace", "-qq", "-f", "-o", out, "-e", "trace=open,openat,read"] + argv)
    lines = open(out).read().splitlines()
    opened = [l for l in lines if "open(" in l or "openat(" in l]
    return len(opened), sum("ENOENT" in l for l in opened), sum("read(" in l for l in lines)


def row(name, per_round, baseline=None, unit=1e3, fmt="%.2f"):
    """A table row: median and min-max of the rounds, and the median per-round ratio."""
    med = statistics.median(per_round)
    cells = [name, fmt % (med * unit), (fmt + " – " + fmt) % (min(per_round) * unit, max(per_round) * unit)]
    if baseline is not None:
        ratios = [a / b for a, b in zip(per_round, baseline)]
        cells.append("%.2f× (%.2f – %.2f)" % (statistics.median(ratios), min(ratios), max(ratios)))
    else:
        cells.append("1")
    print("| " + " | ".join(cells) + " |")


def header(title, what, unit):
    print("\n### %s\n\n%s\n" % (title, what))
    print("| command | median (%s) | min – max | ratio to the first row |" % unit)
    print("|---|---|---|---|")


def status_rows(title, what, per_round, base, label):
    """A status table: the baseline, then ifenslave -a and --json -a against it."""
    header(title, what, "ms")
    row(label, per_round[base])
    for name in ("ifenslave -a", "ifenslave --json -a"):
        row(name, per_round[name], per_round[base], fmt="%.1f")


def release(bond, slaves):
    batch(["link set %s nomaster" % s for s in slaves] + ["link set %s up" % s for s in slaves])


def one_enslave_per_process():
    n = 50
    slaves = ["d%d" % i for i in range(n)]
    batch(["link add %s type dummy" % s for s in slaves] + ["link set %s up" % s for s in slaves] +
          ["link add bond0 type bond mode active-backup miimon 100", "link set bond0 up"])
    variants = {
        "ip": lambda s: timed(["ip", "link", "set", s, "down"], ["ip", "link", "set", s, "master", "bond0"]),
        "ifenslave": lambda s: timed([IFE, "bond0", s]),
        "floor": lambda s: timed([FLOOR, "bond0", s]),
    }
    per_round = {k: [] for k in variants}
    in_process = []
    for _ in range(ROUNDS):
        for name, op in variants.items():
            per_round[name].append(statistics.median([op(s) for s in slaves]))
            release("bond0", slaves)
        out = subprocess.run([FLOOR, "-t", "bond0"] + slaves, capture_output=True, text=True, check=True)
        in_process.append(float(out.stdout) / 1e6)
        release("bond0", slaves)
    header("1. One enslave per process (%d slaves, %d rounds)" % (n, ROUNDS),
           "`ip link set dN down; ip link set dN master bond0` (two processes) against "
           "`ifenslave bond0 dN`, per slave, into an up active-backup bond. `floor` is "
           "bench/floor.c: the same two requests from one minimal static libnl process per slave; "
           "`floor -t` times them inside one process for all %d slaves: the kernel's own work." % n, "ms")
    row("ip link set down + ip link set master", per_round["ip"])
    row("ifenslave bond0 dN", per_round["ifenslave"], per_round["ip"])
    row("floor bond0 dN (one minimal process)", per_round["floor"], per_round["ip"])
    row("floor -t (the two requests, no process start)", in_process, per_round["ip"], fmt="%.3f")
    ife_req, ife_ioctl = sendmsgs([IFE, "bond0", "d0"])
    release("bond0", ["d0"])
    print("\nRequests per enslave (strace): ifenslave %d netlink messages and %d ioctls; ip 2 messages "
          "in 2 processes; floor 2." % (ife_req, ife_ioctl))
    batch(["link del %s" % s for s in slaves] + ["link del bond0"])
    return per_round, in_process


def many_slaves_in_one_run():
    n = 64
    slaves = ["d%d" % i for i in range(n)]
    batch(["link add %s type dummy" % s for s in slaves] + ["link set %s up" % s for s in slaves] +
          ["link add bond1 type bond mode balance-rr miimon 100", "link set bond1 up"])
    path = os.path.join(TMP, "enslave.batch")
    with open(path, "w") as f:
        for s in slaves:
            f.write("link set %s down\nlink set %s master bond1\n" % (s, s))
    variants = {
        "batch": lambda: timed(["ip", "-batch", path]),
        "ifenslave": lambda: timed([IFE, "bond1"] + slaves),
        "ip": lambda: timed(*[["ip", "link", "set", s, "down", "master", "bond1"] for s in slaves]),
        "floor": lambda: timed([FLOOR, "bond1"] + slaves),
    }
    per_round = {k: [] for k in variants}
    for _ in range(ROUNDS):
        for name, op in variants.items():
            per_round[name].append(op())
            release("bond1", slaves)
    header("2. %d slaves in one run (%d rounds)" % (n, ROUNDS),
           "`ifenslave bond1 d0 … d%d` against one `ip -batch` file with the same %d requests "
           "(down, then master, per slave), against %d separate `ip link set dN down master bond1` "
           "processes, and floor's %d requests from one process." % (n - 1, 2 * n, n, 2 * n), "ms")
    row("ip -batch (%d requests)" % (2 * n), per_round["batch"])
    row("ifenslave bond1 d0 … d%d" % (n - 1), per_round["ifenslave"], per_round["batch"])
    row("%d × ip link set dN down master bond1" % n, per_round["ip"], per_round["batch"])
    row("floor bond1 d0 … d%d" % (n - 1), per_round["floor"], per_round["batch"])
    speedup = [a / b for a, b in zip(per_round["ip"], per_round["ifenslave"])]
    print("\nifenslave is %.1f× (%.1f – %.1f) faster than %d ip processes." %
          (statistics.median(speedup), min(speedup), max(speedup), n))
    batch(["link del %s" % s for s in slaves] + ["link del bond1"])
    return per_round


def status_at_scale():
    made = 0
    results = {}
    for size in SIZES:
        lines = []
        for b in range(made, size):
            lines += ["link add b%d type bond mode active-backup miimon 0" % b]
            for s in (2 * b, 2 * b + 1):
                lines += ["link add s%d type dummy" % s, "link set s%d master b%d" % (s, b)]
        batch(lines)
        made = size
        files = ["/proc/net/bonding/b%d" % b for b in range(size)]
        variants = {
            "ip": ["ip", "-d", "-j", "link", "show"],
            "ifenslave -a": [IFE, "-a"],
            "ifenslave --json -a": [IFE, "--json", "-a"],
            "cat": ["cat"] + files,
        }
        per_round = rounds(variants)
        results[size] = per_round
    # The next case counts its own interfaces only.
    batch(["link del b%d" % b for b in range(made)] + ["link del s%d" % s for s in range(2 * made)])
    print("\n### 3. Status at scale (%d rounds)\n" % ROUNDS)
    print("Bonds of 2 dummy slaves each (3 interfaces per bond). `ip -d -j link show` is the "
          "baseline; `cat` reads every /proc/net/bonding file.\n")
    print("| bonds | interfaces | command | median (ms) | min – max | ratio to ip -d -j link show |")
    print("|---|---|---|---|---|---|")
    for size, per_round in results.items():
        for name in ("ip", "ifenslave -a", "ifenslave --json -a", "cat"):
            label = {"ip": "ip -d -j link show", "cat": "cat /proc/net/bonding/*"}.get(name, name)
            med = statistics.median(per_round[name]) * 1e3
            ratios = [a / b for a, b in zip(per_round[name], per_round["ip"])]
            print("| %d | %d | %s | %.1f | %.1f – %.1f | %.2f× (%.2f – %.2f) |" % (
                size, 3 * size, label, med, min(per_round[name]) * 1e3, max(per_round[name]) * 1e3,
                statistics.median(ratios), min(ratios), max(ratios)))
    return results


def status_with_arp_targets():
    """Bonds that monitor by ARP need their addresses for the arp-target hint: one address
    dump for all of them, whatever their number."""
    n = ARP_BONDS
    lines = []
    for b in range(n):
        lines += ["link add a%d type bond mode active-backup arp_interval 1000 arp_ip_target 192.0.2.1" % b,
                  "address add 10.%d.%d.1/24 dev a%d" % (b // 256, b % 256, b)]
    batch(lines)
    variants = {
        "ip": ["ip", "-d", "-j", "link", "show"],
        "ifenslave -a": [IFE, "-a"],
        "ifenslave --json -a": [IFE, "--json", "-a"],
    }
    per_round = rounds(variants)
    status_rows("3a. Status of ARP-monitored bonds (%d bonds, %d rounds)" % (n, ROUNDS),
           "Slaveless active-backup bonds with `arp_interval 1000 arp_ip_target 192.0.2.1` and an "
           "address each, outside the target's subnet: every bond gets the "
           "`arp-target-unreachable` hint, which needs the bonds' addresses.", per_round,
           "ip", "ip -d -j link show")
    requests, _ = sendmsgs([IFE, "-a"])
    print("\nRequests of `ifenslave -a` (strace): %d netlink messages for %d bonds." % (requests, n))
    batch(["link del a%d" % b for b in range(n)])
    return per_round


def legacy_status():
    """On a kernel whose netlink carries no bond data (3.10), -a reads each bond through sysfs,
    the info ioctls and /proc/net/bonding: against reading every /proc/net/bonding file,
    the cheapest complete view such a kernel has."""
    n = LEGACY_BONDS
    lines = []
    for b in range(n):
        lines += ["link add l%d type bond" % b]
        for s in (2 * b, 2 * b + 1):
            lines += ["link add t%d type dummy" % s, "link set t%d master l%d" % (s, b)]
    batch(lines)
    for b in range(n):
        with open("/sys/class/net/l%d/bonding/miimon" % b, "w") as f:
            f.write("100\n")
    files = ["/proc/net/bonding/l%d" % b for b in range(n)]
    variants = {"cat": ["cat"] + files, "ifenslave -a": [IFE, "-a"], "ifenslave --json -a": [IFE, "--json", "-a"]}
    per_round = rounds(variants)
    status_rows("3b. Legacy status, kernel %s (%d bonds, %d rounds)" % (os.uname().release, n, ROUNDS),
           "Balance-rr bonds of 2 dummy slaves with miimon 100, on a kernel that reports no bond "
           "options over netlink: `ifenslave -a` reads each bond through sysfs, SIOCBONDINFOQUERY "
           "and /proc/net/bonding. The baseline is `cat` of every /proc/net/bonding file.", per_round,
           "cat", "cat /proc/net/bonding/*")
    requests, ioctls = sendmsgs([IFE, "-a"])
    print("\nRequests of `ifenslave -a` (strace): %d netlink messages and %d ioctls for %d bonds." % (requests, ioctls, n))
    print("Files of `ifenslave -a` (strace): %d opens (%d ENOENT) and %d reads; `cat`: %d opens and %d reads." %
          (opens([IFE, "-a"]) + opens(variants["cat"])[::2]))
    batch(["link del l%d" % b for b in range(n)] + ["link del t%d" % s for s in range(2 * n)])
    return per_round


if __name__ == "__main__":
    which = sys.argv[1:] or ["1", "2", "3", "3a"]
    print("kernel %s, %d rounds" % (os.uname().release, ROUNDS))
    if "1" in which:
        one_enslave_per_process()
    if "2" in which:
        many_slaves_in_one_run()
    if "3" in which:
        status_at_scale()
    if "3a" in which:
        status_with_arp_targets()
    if "3b" in which:
        legacy_status()
