# SPDX-License-Identifier: GPL-2.0-or-later
# Eight ifenslave processes at once enslave, release and change the active slave of one bond,
# VMT_ROUNDS rounds each (default 100). Every process
# ends with 0 or 1 and one-line messages, never a crash; no slave is half enslaved; and each
# slave ends where the last successful command on it put it.
# matrix-runs: bookworm:netlink bookworm:ioctl sid:netlink
rounds=${VMT_ROUNDS:-100}
dummies d0 d1 d2 d3 d4 d5
ife_ok "bond0 with d0" --mode active-backup --miimon 100 bond0 d0

# The commands of every worker, drawn at once: -c only names a slave that may be in.
python3 -c 'import random, sys
for w in range(8):
    with open("%s/w%d.ops" % (sys.argv[1], w), "w") as f:
        for _ in range(int(sys.argv[2])):
            f.write("%s d%d\n" % (random.choice(["enslave", "-d", "-c"]), random.randrange(6)))' \
  "$VMT_DIR" "$rounds"

# worker W: runs its commands one after another; logs "START END RC OP SLAVE" per command
# (uptime in centiseconds, read with builtins) and any stderr line that is not ifenslave's.
worker() {
  while read -r op slave; do
    read -r up _ < /proc/uptime; start=${up%.*}${up#*.}
    if [ "$op" = enslave ]; then set -- bond0 "$slave"; else set -- "$op" bond0 "$slave"; fi
    rc=0; "$IFENSLAVE" --backend "$BACKEND" "$@" 2> "$VMT_DIR/w$w.err" || rc=$?
    read -r up _ < /proc/uptime; end=${up%.*}${up#*.}
    echo "$start $end $rc $op $slave" >> "$VMT_DIR/w$w.log"
    while IFS= read -r line; do
      case $line in "ifenslave: "*) ;; *) echo "$op $slave: $line" >> "$VMT_DIR/w$w.bad" ;; esac
    done < "$VMT_DIR/w$w.err"
  done < "$VMT_DIR/w$w.ops"
}
for w in 0 1 2 3 4 5 6 7; do worker & done
wait

cat > "$VMT_DIR/check.py" <<'EOF'
import glob, json, subprocess, sys
d = sys.argv[1]
runs = [l.split() for f in glob.glob(d + "/w*.log") for l in open(f)]
bad = [l.rstrip() for f in glob.glob(d + "/w*.bad") for l in open(f)]
problems = ["exit %s: %s %s" % (r[2], r[3], r[4]) for r in runs if r[2] not in ("0", "1")]
problems += ["not ifenslave's one-line message: " + b for b in bad]
ambiguous = []
links = {l["ifname"]: l for l in json.loads(subprocess.run(["ip", "-j", "link", "show"], capture_output=True, text=True).stdout)}
proc = open("/proc/net/bonding/bond0").read()
listed = [l.split(": ")[1] for l in proc.splitlines() if l.startswith("Slave Interface: ")]
for n in range(6):
    name = "d%d" % n
    inside = links[name].get("master") == "bond0"
    if inside != (name in listed):
        problems.append("%s: half enslaved (master %s, /proc lists %s)" % (name, links[name].get("master"), listed))
    if inside and "UP" not in links[name]["flags"]:
        problems.append("%s: a slave left down" % name)
    # The successful enslaves and releases of this slave; one that no other ended before
    # it started may be the last, and the slave must be where one of those put it.
    moves = [(int(r[0]), int(r[1]), r[3] == "enslave") for r in runs if r[4] == name and r[2] == "0" and r[3] != "-c"]
    if moves:
        last = [m for m in moves if not any(o[0] > m[1] for o in moves)]
        # A command that failed puts the slave back as it found it, which may be after one
        # that succeeded looked: an enslave that found the slave in already (the failing
        # enslave's work, not yet undone) reports success and changes nothing. So the slave
        # may be out after a failed enslave that ended last, or in after a failed release.
        undone = [r for r in runs if r[4] == name and r[2] == "1" and (r[3] == "enslave") != inside
                  and int(r[1]) > min(m[0] for m in last)]
        if inside not in {m[2] for m in last} and undone:
            ambiguous.append(name)
        elif inside not in {m[2] for m in last}:
            problems.append("%s: %s, yet the last successful commands on it say %s" % (name, "in" if inside else "out", sorted(last)))
ok = sum(r[2] == "0" for r in runs)
print("runs %d ok %d failed %d; slaves whose last word was a failed command's restore: %d"
      % (len(runs), ok, len(runs) - ok, len(ambiguous)))
for p in problems:
    print("PROBLEM " + p)
EOF
result=$(python3 "$VMT_DIR/check.py" "$VMT_DIR")
case $result in
  *PROBLEM*) fail "concurrent commands leave a consistent bond" "$result" ;;
  *) pass ;;
esac
expect_eq "every command ran" "${result%% ok*}" "runs $((8 * rounds))"
echo "# concurrency: 8 processes x $rounds rounds: ${result%%$NL*}"
