# SPDX-License-Identifier: GPL-2.0-or-later
# Every bond mode, by the kernel's name and by number, with two slaves each.
# /proc/net/bonding names the modes its own way; ip -d -j uses the kernel's names.
i=0
for spec in "balance-rr:load balancing (round-robin)" "active-backup:fault-tolerance (active-backup)" \
  "balance-xor:load balancing (xor)" "broadcast:fault-tolerance (broadcast)" \
  "802.3ad:IEEE 802.3ad Dynamic link aggregation" "balance-tlb:transmit load balancing" \
  "balance-alb:adaptive load balancing"
do
  mode=${spec%%:*} proc=${spec#*:}
  for given in "$mode" "$i"; do
    b=bm$i${given%%[!0-9]*}x d=m$i${given%%[!0-9]*}
    dummies ${d}a ${d}b
    ife_ok "--mode $given $b ${d}a ${d}b" --mode "$given" --miimon 100 "$b" "${d}a" "${d}b"
    expect_later "$b: /proc says $proc" "proc:$b:Bonding Mode" "$proc"
    expect_later "$b: ip -d -j says $mode" "ip:$b:mode" "\"$mode\""
    expect_later "$b: both slaves in" "slaves:$b" "${d}a ${d}b"
  done
  i=$((i + 1))
done
expect_now
