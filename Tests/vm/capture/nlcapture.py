#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run one command and save the rtnetlink messages that belong to its operation as a fixture.

nlcapture.py -o OUT.hex (--request TYPES | --reply-to TYPE) [--note TEXT]... -- COMMAND...
nlcapture.py --raw -- COMMAND...      (print every captured message, to choose a filter)

Why this shape: the unit tests compare our encoder's bytes with what iproute2 really sends and
feed real kernel replies to our parser, so the bytes must come from a real kernel; an nlmon
device copies every netlink message of its network namespace to packet sockets.  The socket is
open before COMMAND starts, so nothing is missed, and one python3 start per fixture is cheap
enough even under TCG.

Direction cannot come from sll_pkttype: nlmon marks skbs PACKET_USER/PACKET_KERNEL, but
dev_queue_xmit_nit() rewrites the copy packet sockets get to PACKET_OUTGOING (4) on 6.1.  So a
message is user->kernel when it carries NLM_F_REQUEST, which the kernel never sets.

--request TYPES keeps the requests of those types, except seq 0 ones: that is iproute2's
  iplink_have_newlink() probe (an empty RTM_NEWLINK); real requests have seq = ++time(NULL).
--reply-to TYPE[:N] keeps the kernel messages answering the Nth (default: last) request of
  TYPE: iproute2 surrounds the operation with RTM_GETLINK name/index lookups.  Replies are
  matched by position, not seq: iproute2 gives its lookups and the operation the same seq, but
  it waits for each answer, and the kernel answers (and copies to nlmon) synchronously, so a
  reply follows its request.  Interface indexes come from sysfs, not if_nameindex(), which
  would add its own RTM_GETLINK dump to the capture.
"""
import argparse, os, socket, struct, subprocess, sys

NAMES = {1: "NLMSG_NOOP", 2: "NLMSG_ERROR", 3: "NLMSG_DONE", 16: "RTM_NEWLINK", 17: "RTM_DELLINK",
         18: "RTM_GETLINK", 19: "RTM_SETLINK", 20: "RTM_NEWADDR", 21: "RTM_DELADDR",
         22: "RTM_GETADDR", 24: "RTM_NEWROUTE", 25: "RTM_DELROUTE", 26: "RTM_GETROUTE"}
TYPES = {v: k for k, v in NAMES.items()}
NLM_F_REQUEST, ETH_P_ALL, NETLINK_ROUTE = 1, 3, 0


def split(data):
    while len(data) >= 16:
        n = struct.unpack_from("<I", data)[0]
        if n < 16:
            break
        yield data[:n]
        data = data[(n + 3) & ~3:]


def hdr(m):
    length, typ, flags, seq, pid = struct.unpack_from("<IHHII", m)
    return typ, flags, seq


def ifindexes():
    l = []
    for n in os.listdir("/sys/class/net"):
        if os.path.exists("/sys/class/net/%s/ifindex" % n):
            l.append((int(open("/sys/class/net/%s/ifindex" % n).read()), n))
    return sorted(l)


def describe(msgs):
    counts = {}
    for d, m in msgs:
        typ, flags, seq = hdr(m)
        k = "%s %s%s" % (d, NAMES.get(typ, typ), " (seq 0: iplink_have_newlink probe)" if d == "user->kernel" and seq == 0 else "")
        counts[k] = counts.get(k, 0) + 1
    return ", ".join("%s x%d" % kv for kv in counts.items()) or "nothing"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--out")
    ap.add_argument("--iface", default="nlmon0")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--request")
    g.add_argument("--reply-to")
    g.add_argument("--raw", action="store_true")
    ap.add_argument("--note", action="append", default=[])
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)   # SO_RCVBUFFORCE: a link dump is large
    s.bind((a.iface, ETH_P_ALL))
    before = ifindexes()
    r = subprocess.run(a.cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        sys.stdout.write(r.stdout)
    after = ifindexes()
    msgs = []
    s.settimeout(0.3)   # the copies are queued synchronously; the timeout only ends the drain
    try:
        while True:
            data, addr = s.recvfrom(1 << 20)
            if addr[1] != NETLINK_ROUTE:   # sll_protocol = the netlink family
                continue
            for m in split(data):
                msgs.append(("user->kernel" if hdr(m)[1] & NLM_F_REQUEST else "kernel->user", m, addr[2]))
    except socket.timeout:
        pass

    if a.raw:
        for d, m, pkttype in msgs:
            typ, flags, seq = hdr(m)
            print("%s pkttype=%d %s flags=%#x seq=%d %s" % (d, pkttype, NAMES.get(typ, typ), flags, seq, m.hex()))
        return r.returncode
    msgs = [(d, m) for d, m, pkttype in msgs]
    if a.request:
        want = {TYPES.get(t, None) or int(t) for t in a.request.split(",")}
        keep = [(d, m) for d, m in msgs if d == "user->kernel" and hdr(m)[0] in want and hdr(m)[2] != 0]
        direction = "request (user->kernel: NLM_F_REQUEST set; nlmon's pkttype is 4 both ways)"
        what = "requests of type %s with seq != 0" % a.request
    else:
        name, _, nth = a.reply_to.partition(":")
        t = TYPES.get(name) or int(name)
        groups, cur = [], None    # [request, its replies...], in capture order
        for d, m in msgs:
            if d == "user->kernel":
                cur = [m] if hdr(m)[0] == t and hdr(m)[2] != 0 else None
                if cur:
                    groups.append(cur)
            elif cur:
                cur.append(m)
        n = int(nth or len(groups))
        keep = [("kernel->user", m) for m in groups[n - 1][1:]] if 0 < n <= len(groups) else []
        direction = "reply (kernel->user: NLM_F_REQUEST clear; nlmon's pkttype is 4 both ways)"
        what = "the kernel's answer to %s request %d of %d" % (name, n, len(groups))
    if not keep:
        sys.exit("nlcapture: nothing matched; captured: " + describe(msgs))
    idx = lambda l: " ".join("%s=%d" % (n, i) for i, n in sorted(l))
    lines = ["# command: " + " ".join(a.cmd),
             "# kernel: %s (%s); %s" % (os.uname().release, os.uname().version,
                                       subprocess.run(["ip", "-V"], capture_output=True, text=True).stdout.strip()),
             "# direction: " + direction,
             "# filter: NETLINK_ROUTE only; kept %d message(s): %s" % (len(keep), what),
             "# dropped: " + describe([x for x in msgs if x not in keep]),
             "# ifindex: " + idx(before) + ("" if after == before else "; after: " + idx(after))]
    if r.returncode:
        lines.append("# command exit status %d, output: %s" % (r.returncode, r.stdout.strip().replace("\n", " | ")))
    lines += ["# " + n for n in a.note]
    lines += [m.hex() for d, m in keep]
    with (open(a.out, "w") if a.out else sys.stdout) as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
