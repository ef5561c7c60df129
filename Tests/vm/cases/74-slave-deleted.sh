# SPDX-License-Identifier: GPL-2.0-or-later
# A slave that disappears while the command runs, deleted by another process: between its
# lookup and its enslave (once ifenslave has removed its address, or once it has taken it
# down), or at a random moment. strace holds each netlink request and ioctl 80 ms so that the
# deleter sees each point. Afterwards every remaining interface is in bond8 or exactly as it
# was, the exit status is 0 or 1, and every message is one "ifenslave: " line.
# What can race here is ifenslave's, not the kernel's: one kernel of the matrix is enough.
# matrix-runs: bookworm:netlink sid:netlink
# snapshot TAG: each e's link line (master, flags, MTU) and IPv4 addresses, to TAG.eN.
snapshot() {
  { ip -o link show; ip -o -4 addr show; } | awk -v f="$VMT_DIR/$1." \
    '{n = $2; sub(/:$/, "", n); sub(/@.*/, "", n); if (n ~ /^e[0-5]$/) {sub(/^[0-9]+: /, ""); print > (f n)}}'
}
rounds=${VMT_RACE_ROUNDS:-12} mid=0 outcomes=
for r in $(seq "$rounds"); do
  set -- $(awk -v s="$r" 'BEGIN {srand(s); printf "%d %.2f", int(rand() * 6), rand() * 2}')
  victim=e$1 when=$((r % 3))
  for i in 0 1 2 3 4 5; do
    echo "link add e$i type dummy"; echo "link set e$i up"; echo "address add 198.51.100.$((i + 1))/24 dev e$i"
  done > "$VMT_DIR/race.batch"
  ip -batch "$VMT_DIR/race.batch"
  rm -f "$VMT_DIR"/before.* "$VMT_DIR"/after.*
  snapshot before
  # The deleter gives up waiting once ifenslave has ended, and deletes then.
  rm -f "$VMT_DIR/ended"
  case $when in
    0) point="once its address is gone"
       ( until ! ip -o -4 addr show dev "$victim" | grep -q inet || [ -e "$VMT_DIR/ended" ]; do :; done
         ip link del "$victim" ) & ;;
    1) point="once it is down"
       ( until ! ip -o link show dev "$victim" | grep -q ',UP' || [ -e "$VMT_DIR/ended" ]; do :; done
         ip link del "$victim" ) & ;;
    2) point="after ${2}s"
       ( sleep "$2"; ip link del "$victim" ) & ;;
  esac
  RC=0
  traced -qq -o /dev/null -e trace=sendmsg,ioctl -e inject=sendmsg,ioctl:delay_exit=80000 \
    "$IFENSLAVE" --backend "$BACKEND" --mode active-backup --miimon 100 bond8 e0 e1 e2 e3 e4 e5 \
    2> "$VMT_DIR/race.err" || RC=$?
  touch "$VMT_DIR/ended"; wait
  ERR=$(cat "$VMT_DIR/race.err")
  what="round $r, $victim deleted $point"
  check "$what: exit 0 or 1, not $RC" [ "$RC" -le 1 ]
  check "$what: every message is one ifenslave: line" sh -c "! grep -v '^ifenslave: ' '$VMT_DIR/race.err'"
  check "$what: it is gone" sh -c "! ip link show dev $victim 2>/dev/null"
  snapshot after
  for i in 0 1 2 3 4 5; do
    [ "e$i" != "$victim" ] || continue
    case $(cat "$VMT_DIR/after.e$i") in
      *" master bond8 "*) pass ;;
      *) check "$what: e$i is in bond8 or as it was" cmp "$VMT_DIR/before.e$i" "$VMT_DIR/after.e$i" ;;
    esac
  done
  # In the middle: ifenslave had begun on the victim when it went (the kernel, not the
  # lookup, said it was missing). Otherwise it went before its lookup, or once it was a slave.
  if grep -v -e 'removed IPv4' -e "cannot enslave $victim: no such interface" "$VMT_DIR/race.err" |
    grep -q "$victim"; then mid=$((mid + 1)); fi
  outcomes="$outcomes $RC"
  [ -z "${VMT_RACE_SHOW:-}" ] || echo "# $what: exit $RC: $(echo "$ERR" | grep -v 'removed IPv4' | tr '\n' '|')"
  ip link del bond8 2>/dev/null || true
  for i in 0 1 2 3 4 5; do ip link del "e$i" 2>/dev/null || true; done
done
# The deleter is a loop of ip processes; on a loaded machine it sees fewer of the points.
check "deletions fell in the middle of the operation ($mid of $rounds)" [ "$mid" -ge $((rounds / 6)) ]
echo "# a slave deleted during the command: $rounds rounds, $mid in the middle of it, exit statuses:$outcomes"
