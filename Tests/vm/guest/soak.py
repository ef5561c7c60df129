# SPDX-License-Identifier: GPL-2.0-or-later
"""soak.py [--flaps N] [--stall] [--memory] [--out DIR]: link flaps and failovers under
`ifenslave --monitor --json`, on the real bonding driver, checked against the kernel's own
counters.

An active-backup bond (miimon) over two veths whose peers are in a namespace of their own, as
NICs cabled to a switch. Each flap takes one peer down, waits until the driver has seen the
link fail (and, for the active slave, failed over), then brings it up and waits until the
driver has seen it back; three flaps in four cut the active slave. The flaps are paced by the
kernel, never by the monitor, which has to keep up on its own.

Checked at the end, each printed as "ok" or as what failed (as expect.py does, for the VM
case): every line the monitor wrote is one JSON object of the documented form, and every
write(2) ended at a line's end; per slave, the link-down events equal the growth of its "Link
Failure Count" in /proc/net/bonding and of its carrier_down_count, the link-up events that of
carrier_up_count; the active-slave events are the failovers seen in /proc/net/bonding, in the
same order; nothing on stderr (where the monitor reports ENOBUFS) and no other event.
--stall: then the monitor is stopped (SIGSTOP) while the active slave flaps until the kernel
drops announcements (Drops in /proc/net/netlink), and continued once the links settle: it
must report the loss on stderr, have had the 4 MiB queue it asks for (past SO_RCVBUF's cap), and end
with the kernel's state of each link and of the active slave as its last word.
--memory: the monitor's VmRSS, VmHWM and RssAnon (/proc/PID/status) are sampled through the
flaps; VmRSS and RssAnon (the heap) at their end must not exceed their values after the
warm-up (the first tenth of the flaps) by more than MEMORY_SLACK_KB.

The last line is "# soak: ..." with the figures. Env: IFENSLAVE (the binary under test).
DIR (default: a temporary one) keeps monitor.json, monitor.err and, with --memory, rss.tsv."""
import argparse
import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

from kview import proc

# A few pages for malloc's own bookkeeping; a leak of one event's worth per flap grows by
# far more over thousands of flaps.
MEMORY_SLACK_KB = 64
EVENTS = {"bond-added", "bond-removed", "bond-up", "bond-down", "slave-added", "slave-removed",
          "link-up", "link-down", "active-slave", "lacp", "option"}
BOND, SLAVES, PEERS = "bond0", ("v0", "v1"), ("p0", "p1")

args = argparse.ArgumentParser()
args.add_argument("--flaps", type=int, default=200)
args.add_argument("--memory", action="store_true")
args.add_argument("--out")
args.add_argument("--miimon", type=int, default=10)
args.add_argument("--stall", action="store_true")
opts = args.parse_args()
out = opts.out or tempfile.mkdtemp()
os.makedirs(out, exist_ok=True)
peer_ns = "soakpeer%d" % os.getpid()
failures = []


def fail(text):
    failures.append(text)


monitor = None


def run(*argv):
    subprocess.run(argv, check=True)


def slaves_view():
    """{slave: (MII Status, Link Failure Count)} and the active slave, from /proc/net/bonding."""
    top, slaves = proc(BOND)
    return ({s: (v.get("MII Status"), int(v.get("Link Failure Count", "0"))) for s, v in slaves.items()},
            top.get("Currently Active Slave"))


def carrier(slave, which):
    with open("/sys/class/net/%s/carrier_%s_count" % (slave, which)) as f:
        return int(f.read())


def counters():
    view, _ = slaves_view()
    return {s: {"failures": view[s][1], "down": carrier(s, "down"), "up": carrier(s, "up")} for s in SLAVES}


def wait_for(what, test, seconds=20):
    deadline = time.monotonic() + seconds
    while True:
        value = test()
        if value:
            return value
        if time.monotonic() > deadline:
            sys.exit("soak: FAIL: %s did not happen within %d s" % (what, seconds))
        drain()
        time.sleep(0.002)


def vm_status(pid):
    kb = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon"):
                kb[key] = int(value.split()[0])
    return kb


def cleanup():
    if monitor and monitor.poll() is None:
        monitor.kill()
    subprocess.run(["ip", "netns", "del", peer_ns], stderr=subprocess.DEVNULL)


# The bond and its two links, set up with iproute2: the monitor is the only ifenslave here.
run("ip", "netns", "add", peer_ns)
atexit.register(cleanup)
for slave, peer in zip(SLAVES, PEERS):
    run("ip", "link", "add", slave, "type", "veth", "peer", "name", peer, "netns", peer_ns)
    run("ip", "-n", peer_ns, "link", "set", peer, "up")
run("ip", "link", "add", BOND, "type", "bond", "mode", "active-backup", "miimon", str(opts.miimon))
for slave in SLAVES:
    run("ip", "link", "set", slave, "master", BOND)
run("ip", "link", "set", BOND, "up")
wait_for("both links up in the bond", lambda: all(m == "up" for m, _ in slaves_view()[0].values())
         and slaves_view()[1] in SLAVES)

# One ip for every flap, fed line by line: a process start per flap would pace the run.
flapper = subprocess.Popen(["ip", "-n", peer_ns, "-batch", "-"], stdin=subprocess.PIPE, text=True)
err_path = os.path.join(out, "monitor.err")
err = open(err_path, "w")
monitor = subprocess.Popen([os.environ.get("IFENSLAVE", ".build/release/ifenslave"), "--monitor", "--json", BOND],
                           stdout=subprocess.PIPE, stderr=err)
os.set_blocking(monitor.stdout.fileno(), False)
chunks, split_writes, text = 0, 0, []


def drain():
    """Reads what the monitor wrote. The pipe holds whole writes: a read that ends inside a
    line means a line went out in more than one write(2)."""
    global chunks, split_writes
    while monitor:
        try:
            data = os.read(monitor.stdout.fileno(), 1 << 20)
        except BlockingIOError:
            return
        if not data:
            return
        chunks += 1
        if not data.endswith(b"\n"):
            split_writes += 1
        text.append(data)


def lines():
    return b"".join(text).decode("utf-8", "replace").splitlines()


# Ready once it prints a change made for the purpose: it listens first, then reads.
ready_changes = 0
deadline = time.monotonic() + 60
while True:
    ready_changes += 1
    run("ip", "link", "set", BOND, "type", "bond", "resend_igmp", str(ready_changes % 2 + 1))
    seen = time.monotonic() + 2
    while time.monotonic() < seen and not any('"option":"resend_igmp"' in l for l in lines()):
        drain()
        time.sleep(0.01)
    if any('"option":"resend_igmp"' in l for l in lines()):
        break
    if time.monotonic() > deadline or monitor.poll() is not None:
        sys.exit("soak: FAIL: the monitor printed nothing within 60 s: %s" % open(err_path).read().strip())
ready_lines = len(lines())

before = counters()
failovers = []
samples = []
sample_every = max(1, opts.flaps // 100)
warm_up = max(1, opts.flaps // 10)
started = time.monotonic()
for i in range(opts.flaps):
    view, active = slaves_view()
    backup = [s for s in SLAVES if s != active][0]
    slave = backup if i % 4 == 3 else active
    peer = PEERS[SLAVES.index(slave)]
    flapper.stdin.write("link set %s down\n" % peer)
    flapper.stdin.flush()
    # Down in the driver's eyes and, when it was the active slave, failed over.
    wait_for("%s down (flap %d)" % (slave, i), lambda: slaves_view()[0][slave][0] == "down"
             and (slave != active or slaves_view()[1] == backup))
    if slave == active:
        failovers.append((active, backup))
    flapper.stdin.write("link set %s up\n" % peer)
    flapper.stdin.flush()
    wait_for("%s up (flap %d)" % (slave, i), lambda: slaves_view()[0][slave][0] == "up")
    if opts.memory and (i + 1) % sample_every == 0:
        samples.append((i + 1, vm_status(monitor.pid)))
flapping = time.monotonic() - started
after = counters()

# The monitor may still be working through the last announcements: wait until it has written
# everything the kernel counted, or has been quiet for 10 s.
expected = ready_lines + sum(2 * (after[s]["down"] - before[s]["down"]) for s in SLAVES) + len(failovers)
quiet = time.monotonic()
while len(lines()) < expected and time.monotonic() - quiet < 10:
    n = len(lines())
    drain()
    if len(lines()) != n:
        quiet = time.monotonic()
    time.sleep(0.05)
end_memory = vm_status(monitor.pid)
paced_lines = len(lines())


def subscription():
    """The monitor's announcement socket in /proc/net/netlink (the one in a multicast group):
    the bytes queued on it (Rmem) and the announcements the kernel dropped (Drops)."""
    inodes = set()
    for fd in os.listdir("/proc/%d/fd" % monitor.pid):
        target = os.readlink("/proc/%d/fd/%s" % (monitor.pid, fd))
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    with open("/proc/net/netlink") as f:
        for row in f.read().splitlines()[1:]:
            sk, eth, pid, groups, rmem, wmem, dump, locks, drops, inode = row.split()[:10]
            if inode in inodes and int(groups, 16):
                return int(rmem), int(drops)
    sys.exit("soak: FAIL: no announcement socket of the monitor in /proc/net/netlink")


# The reader falls behind (stopped, as behind a pipe nobody reads): the active slave flaps
# until the kernel drops announcements, then the links settle and the monitor goes on. It
# must say so, and its last word on each link and on the active slave must be the kernel's.
stall = {}
if opts.stall:
    monitor.send_signal(signal.SIGSTOP)
    _, active = slaves_view()
    peer = PEERS[SLAVES.index(active)]
    deadline, toggles, queued = time.monotonic() + 120, 0, 0
    while subscription()[1] == 0:
        if time.monotonic() > deadline:
            sys.exit("soak: FAIL: %d toggles in 120 s and the kernel dropped no announcement" % toggles)
        flapper.stdin.write("link set %s down\nlink set %s up\n" % (peer, peer) * 50)
        flapper.stdin.flush()
        toggles += 100
        time.sleep(0.05)
        queued = max(queued, subscription()[0])
    # ip works through what the pipe holds before it ends: then the links are left alone.
    flapper.stdin.close()
    flapper.wait()
    wait_for("both links up after the stall", lambda: all(m == "up" for m, _ in slaves_view()[0].values()))
    time.sleep(0.5)
    stall = {"toggles": toggles, "queued": queued, "view": slaves_view(), "drops": subscription()[1]}
    monitor.send_signal(signal.SIGCONT)
    quiet = time.monotonic()
    while time.monotonic() - quiet < 3:
        n = len(lines())
        drain()
        if len(lines()) != n:
            quiet = time.monotonic()
        time.sleep(0.05)
    stall["memory"] = vm_status(monitor.pid)
else:
    flapper.stdin.close()
    flapper.wait()
monitor.send_signal(signal.SIGTERM)
monitor.wait()
os.set_blocking(monitor.stdout.fileno(), True)
drain()
err.close()
all_lines = lines()
with open(os.path.join(out, "monitor.json"), "w") as f:
    f.write("".join(l + "\n" for l in all_lines))

# Every line: one JSON object of the documented form, in time order.
events, bad, last_time = [], [], ""
for number, line in enumerate(all_lines, 1):
    try:
        event = json.loads(line)
        ok = (isinstance(event, dict) and all(isinstance(event.get(k), str) for k in ("time", "bond", "event", "message"))
              and event["event"] in EVENTS and event["bond"] == BOND and event["time"] >= last_time)
    except ValueError:
        ok = False
    if not ok:
        bad.append("line %d: %s" % (number, line[:200]))
        continue
    last_time = event["time"]
    events.append(event)
if bad:
    fail("%d of %d lines are not one JSON event object in time order:\n    %s" % (len(bad), len(all_lines), "\n    ".join(bad[:5])))
else:
    print("ok")
if split_writes:
    fail("%d of %d reads of the monitor's pipe ended inside a line (a line in several writes)" % (split_writes, chunks))
else:
    print("ok")
if monitor.returncode != -signal.SIGTERM:
    fail("the monitor ended with status %s, not by SIGTERM" % monitor.returncode)
else:
    print("ok")
stderr = open(err_path).read().strip()
lost = "ifenslave: monitor: announcements were lost (the kernel's queue overflowed: ENOBUFS); reading every interface again"
if stderr != (lost if opts.stall else ""):
    fail("the monitor wrote to stderr:\n    " + stderr.replace("\n", "\n    "))
else:
    print("ok")

if opts.stall:
    # The monitor asks for a 4 MiB queue. SO_RCVBUF alone is capped at rmem_max: 208 KiB by
    # default on 6.1 (bookworm); later kernels may grant it.
    if stall["queued"] >= 4 << 20:
        print("ok")
    else:
        fail("at most %d bytes were queued for the monitor before the kernel dropped announcements, "
             "not the 4 MiB it asks for" % stall["queued"])
    view, active = stall["view"]
    last = {s: next((e["to"] for e in reversed(events) if e["event"] in ("link-up", "link-down") and e.get("slave") == s), "up")
            for s in SLAVES}
    last_active = next((e["to"] for e in reversed(events) if e["event"] == "active-slave"), None)
    if all(last[s] == view[s][0] for s in SLAVES) and last_active == active:
        print("ok")
    else:
        fail("after the overflow the monitor's last word is %s, active slave %s; the kernel's: %s, active slave %s"
             % (last, last_active, {s: view[s][0] for s in SLAVES}, active))

flap_events = events[ready_lines:paced_lines]
for s in SLAVES:
    down = sum(1 for e in flap_events if e["event"] == "link-down" and e.get("slave") == s)
    up = sum(1 for e in flap_events if e["event"] == "link-up" and e.get("slave") == s)
    d = {k: after[s][k] - before[s][k] for k in after[s]}
    if down == d["failures"] == d["down"] and up == d["up"]:
        print("ok")
    else:
        fail("%s: %d link-down and %d link-up events; the kernel counted %d link failures (Link Failure Count), "
             "%d carrier downs and %d carrier ups" % (s, down, up, d["failures"], d["down"], d["up"]))
seen = [(e.get("from"), e.get("to")) for e in flap_events if e["event"] == "active-slave"]
if seen == failovers:
    print("ok")
else:
    first = next((i for i, (a, b) in enumerate(zip(seen, failovers)) if a != b), min(len(seen), len(failovers)))
    fail("%d active-slave events for %d failovers seen in /proc/net/bonding; first difference at failover %d: %s, "
         "the kernel %s" % (len(seen), len(failovers), first, seen[first:first + 1], failovers[first:first + 1]))
others = sorted({e["event"] for e in flap_events} - {"link-down", "link-up", "active-slave"})
if others:
    fail("events the flaps do not cause: %s" % ", ".join(others))
else:
    print("ok")

memory = ""
if opts.memory:
    with open(os.path.join(out, "rss.tsv"), "w") as f:
        f.write("flaps\tVmRSS_kB\tVmHWM_kB\tRssAnon_kB\n")
        for n, kb in samples + [(opts.flaps, end_memory)]:
            f.write("%d\t%d\t%d\t%d\n" % (n, kb["VmRSS"], kb["VmHWM"], kb["RssAnon"]))
    warm = next(kb for n, kb in samples if n >= warm_up)
    peak = max(kb["VmRSS"] for n, kb in samples if n >= warm_up)
    memory = ", VmRSS %d kB after %d flaps, %d kB at the end (peak %d kB), VmHWM %d kB, RssAnon %d -> %d kB" % (
        warm["VmRSS"], warm_up, end_memory["VmRSS"], peak, end_memory["VmHWM"], warm["RssAnon"], end_memory["RssAnon"])
    for key in ("VmRSS", "RssAnon"):
        if end_memory[key] - warm[key] > MEMORY_SLACK_KB:
            fail("the monitor's %s grew from %d kB after the warm-up to %d kB at the end (see %s)"
                 % (key, warm[key], end_memory[key], os.path.join(out, "rss.tsv")))
        else:
            print("ok")

for f in failures:
    print(f)
print("# soak: kernel %s, %d flaps (%d failovers) in %.0f s (%.1f flaps/s), %d events in %d lines, %d invalid, "
      "%d lost%s%s" % (os.uname().release, opts.flaps, len(failovers), flapping, opts.flaps / flapping, len(events),
                       len(all_lines), len(bad), max(0, expected - paced_lines), memory,
                       "; stalled reader: %d toggles, %d kB queued, %d announcements dropped, %d lines after, "
                       "VmRSS then %d kB" % (stall["toggles"], stall["queued"] // 1024, stall["drops"],
                                             len(all_lines) - paced_lines, stall["memory"]["VmRSS"])
                       if stall else ""))
sys.exit(1 if failures else 0)
