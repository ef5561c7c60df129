# SPDX-License-Identifier: GPL-2.0-or-later
# --monitor --json through link flaps and failovers, the short form of make soak
# (Tests/vm/guest/soak.py): every line one JSON event object, each written whole; per slave as
# many link-down events as the kernel counted link failures and carrier downs, and link-up
# events as carrier ups; the failovers in the kernel's order. Then a stalled reader: the kernel
# drops announcements, and the monitor says so, had the 4 MiB queue it asks for, and
# ends on the kernel's state of each link and of the active slave.
# matrix-runs: bookworm:netlink sid:netlink
rc=0
IFENSLAVE=$IFENSLAVE python3 "$VMT_LIB/soak.py" --flaps "${VMT_FLAPS:-200}" --stall --out "$VMT_DIR/soak" \
  > "$VMT_DIR/soak.out" 2>&1 || rc=$?
grep '^ok$' "$VMT_DIR/soak.out" >> "$VMT_DIR/passes" || true
[ $rc -eq 0 ] || fail "the monitor through $((${VMT_FLAPS:-200})) flaps and a stalled reader (soak.py exit $rc)" \
  "$(grep -v '^ok$' "$VMT_DIR/soak.out")"
grep '^# ' "$VMT_DIR/soak.out" || true
