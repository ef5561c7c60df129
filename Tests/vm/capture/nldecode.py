#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""nldecode.py FILE.hex...: print each rtnetlink message of a fixture as one readable line.

Why: a fixture is opaque hex; this shows what it holds (ifindexes, IFLA_BOND_* values, errno,
extended-ACK text) so a reviewer can check it, and so the Fixtures README can be regenerated.
It knows only the link, address and error messages the fixtures contain, and runs on any host.
"""
import errno, socket, struct, sys

MSG = {2: "NLMSG_ERROR", 3: "NLMSG_DONE", 16: "RTM_NEWLINK", 17: "RTM_DELLINK", 18: "RTM_GETLINK",
       20: "RTM_NEWADDR", 21: "RTM_DELADDR", 22: "RTM_GETADDR"}
FLAGS = [(1, "REQUEST"), (2, "MULTI"), (4, "ACK"), (8, "ECHO"), (0x20, "DUMP_FILTERED")]
HIGH = {"GET": ["ROOT", "MATCH"], "NEW": ["REPLACE", "EXCL", "CREATE", "APPEND"],
        "DEL": ["NONREC", "BULK"], "ERR": ["CAPPED", "ACK_TLVS"]}    # bits 0x100 up mean per-type things
IFLA = ("UNSPEC ADDRESS BROADCAST IFNAME MTU LINK QDISC STATS COST PRIORITY MASTER WIRELESS "
        "PROTINFO TXQLEN MAP WEIGHT OPERSTATE LINKMODE LINKINFO NET_NS_PID IFALIAS NUM_VF "
        "VFINFO_LIST STATS64 VF_PORTS PORT_SELF AF_SPEC GROUP NET_NS_FD EXT_MASK PROMISCUITY "
        "NUM_TX_QUEUES NUM_RX_QUEUES CARRIER PHYS_PORT_ID CARRIER_CHANGES PHYS_SWITCH_ID "
        "LINK_NETNSID PHYS_PORT_NAME PROTO_DOWN GSO_MAX_SEGS GSO_MAX_SIZE PAD XDP EVENT "
        "NEW_NETNSID IF_NETNSID CARRIER_UP_COUNT CARRIER_DOWN_COUNT NEW_IFINDEX MIN_MTU MAX_MTU "
        "PROP_LIST ALT_IFNAME PERM_ADDRESS PROTO_DOWN_REASON PARENT_DEV_NAME PARENT_DEV_BUS_NAME "
        "GRO_MAX_SIZE TSO_MAX_SIZE TSO_MAX_SEGS ALLMULTI").split()
INFO = "UNSPEC KIND DATA XSTATS SLAVE_KIND SLAVE_DATA".split()
BOND = ("UNSPEC MODE ACTIVE_SLAVE MIIMON UPDELAY DOWNDELAY USE_CARRIER ARP_INTERVAL ARP_IP_TARGET "
        "ARP_VALIDATE ARP_ALL_TARGETS PRIMARY PRIMARY_RESELECT FAIL_OVER_MAC XMIT_HASH_POLICY "
        "RESEND_IGMP NUM_PEER_NOTIF ALL_SLAVES_ACTIVE MIN_LINKS LP_INTERVAL PACKETS_PER_SLAVE "
        "AD_LACP_RATE AD_SELECT AD_INFO AD_ACTOR_SYS_PRIO AD_USER_PORT_KEY AD_ACTOR_SYSTEM "
        "TLB_DYNAMIC_LB PEER_NOTIF_DELAY AD_LACP_ACTIVE MISSED_MAX NS_IP6_TARGET COUPLED_CONTROL").split()
SLAVE = ("UNSPEC STATE MII_STATUS LINK_FAILURE_COUNT PERM_HWADDR QUEUE_ID AD_AGGREGATOR_ID "
         "AD_ACTOR_OPER_PORT_STATE AD_PARTNER_OPER_PORT_STATE PRIO ACTOR_PORT_PRIO "
         "AD_CHURN_ACTOR_STATE AD_CHURN_PARTNER_STATE").split()
ADINFO = "UNSPEC AGGREGATOR NUM_PORTS ACTOR_KEY PARTNER_KEY PARTNER_MAC".split()
IFA = "UNSPEC ADDRESS LOCAL LABEL BROADCAST ANYCAST CACHEINFO MULTICAST FLAGS RT_PRIORITY TARGET_NETNSID PROTO".split()
EXTACK = "UNUSED MSG OFFS COOKIE POLICY MISS_TYPE MISS_NEST".split()
STR = {"IFNAME", "QDISC", "IFALIAS", "KIND", "SLAVE_KIND", "LABEL", "MSG", "ALT_IFNAME"}
MAC = {"ADDRESS", "BROADCAST", "PERM_ADDRESS", "PERM_HWADDR", "AD_ACTOR_SYSTEM", "PARTNER_MAC"}
BLOB = {"STATS", "STATS64", "MAP", "AF_SPEC", "XDP", "PROP_LIST", "CACHEINFO", "XSTATS", "NS_IP6_TARGET"}
# nested attribute -> names of its children
NEST = {"LINKINFO": INFO, "AD_INFO": ADINFO, "ARP_IP_TARGET": None}


def attrs(b, names, kind=None):
    out = []
    while len(b) >= 4:
        n, t = struct.unpack_from("<HH", b)
        v, t = b[4:n], t & 0x3fff
        name = names[t] if names and t < len(names) else str(t)
        if name == "DATA":
            sub = {"bond": BOND}.get(kind)
            out.append("DATA{%s}" % attrs(v, sub) if sub else "DATA(%dB)" % len(v))
        elif name == "SLAVE_DATA":
            out.append("SLAVE_DATA{%s}" % attrs(v, SLAVE if kind == "bond" else None))
        elif name in NEST:
            sub = NEST[name]
            out.append("%s{%s}" % (name, attrs(v, sub, kind) if sub else
                                   " ".join(socket.inet_ntoa(v[i + 4:i + 8]) for i in range(0, len(v), 8))))
        else:
            out.append("%s=%s" % (name, value(name, v, names is IFA)))
        if name in ("KIND", "SLAVE_KIND"):
            kind = v.rstrip(b"\0").decode()
        b = b[(n + 3) & ~3:]
    return " ".join(out)


def value(name, v, ip):
    if name in STR:
        return '"%s"' % v.rstrip(b"\0").decode()
    if ip and name in ("ADDRESS", "LOCAL", "BROADCAST") and len(v) == 4:
        return socket.inet_ntoa(v)
    if name in MAC and len(v) == 6:
        return ":".join("%02x" % c for c in v)
    if name in BLOB or len(v) not in (1, 2, 4, 8):
        return "(%dB)" % len(v)
    return str(int.from_bytes(v, "little"))


def decode(m):
    length, typ, flags, seq, pid = struct.unpack_from("<IHHII", m)
    high = HIGH.get("ERR" if typ == 2 else MSG.get(typ, "RTM_XXX")[4:7], [])
    f = "|".join([n for bit, n in FLAGS if flags & bit] +
                 [n for i, n in enumerate(high) if flags & (0x100 << i)]) or "0"
    s = "%s flags=%s seq=%d pid=%d: " % (MSG.get(typ, typ), f, seq, pid)
    p = m[16:length]
    if typ in (16, 17, 18):
        fam, ityp, idx, ifl, chg = struct.unpack_from("<BxHiII", p)
        return s + "family=%d type=%d index=%d flags=%#x change=%#x %s" % (fam, ityp, idx, ifl, chg, attrs(p[16:], IFLA))
    if typ in (20, 21, 22):
        fam, plen, ifl, scope, idx = struct.unpack_from("<BBBBi", p)
        return s + "family=%d prefixlen=%d flags=%#x scope=%d index=%d %s" % (fam, plen, ifl, scope, idx, attrs(p[8:], IFA))
    if typ == 2:
        err, olen, otyp = struct.unpack_from("<iIH", p)
        e = "%d (%s)" % (err, errno.errorcode.get(-err, "?")) if err else "0 (ACK)"
        rest = p[4 + (16 if flags & 0x100 else olen):]
        return s + "error=%s for %s (orig %dB%s) %s" % (e, MSG.get(otyp, otyp), olen,
                                                      ", capped" if flags & 0x100 else "", attrs(rest, EXTACK))
    if typ == 3:
        return s + "status=%d" % struct.unpack_from("<i", p)[0]
    return s + p.hex()


for path in sys.argv[1:]:
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            print(decode(bytes.fromhex(line.strip())))
