# SPDX-License-Identifier: GPL-2.0-or-later
# Without the bonding driver ifenslave says so and changes nothing; and when the create
# request itself loads the driver, which makes a bond0 of its own (max_bonds=1), ifenslave
# reuses that bond0 instead of failing with "File exists". The driver is unloaded for this
# case (the last one: no bond exists anywhere by then) and put back after.
# The module as a plain .ko: trixie's are xz-compressed, which busybox insmod cannot read. A
# Debian kernel's is in its unpacked package; a kernel directory's in the copy of its mods/
# that run.sh keeps beside the kernel's version.
found=$(find .build/vm -path "*/$(uname -r)/*/bonding.ko*" | head -n 1)
for v in .build/vm/*/kver; do
  [ -z "$found" ] && [ "$(cat "$v")" = "$(uname -r)" ] && [ -s "${v%kver}mods/bonding.ko" ] && found=${v%kver}mods/bonding.ko
done
ko=$VMT_DIR/bonding.ko
case $found in *.xz) xz -dc "$found" > "$ko" ;; *) cp "$found" "$ko" ;; esac
check "the bonding module file is at hand to put it back" test -s "$ko"
old_modprobe=$(cat /proc/sys/kernel/modprobe)
# The case runs with set -e, and so does its trap: every cleanup step must not fail.
trap 'echo "$old_modprobe" > /proc/sys/kernel/modprobe
  nsenter -t 1 -n ip link del bond0 2>/dev/null || true
  lsmod | grep -q "^bonding " || insmod "$ko" max_bonds=0' EXIT
dummies d0
ip addr add 192.0.2.60/24 dev d0
check "rmmod bonding" rmmod bonding
before=$(kernel_state)
ife bond0 d0
expect_eq "exit 1" "$RC" 1
# Where netlink says "Unknown device type", a reason in words, auto does not try sysfs; the
# ioctl backend, and auto on a kernel that answers EOPNOTSUPP alone (3.10, no extended ACK),
# find no bonding_masters. iproute2 shows which this kernel does.
said="no /sys/class/net/bonding_masters"
case $(ip link add probe0 type bond 2>&1) in *"Unknown device type"*) on ioctl || said="Unknown device type" ;; esac
expect_eq "says the kernel has no bonding driver" "$ERR" \
  "ifenslave: bond0: cannot create bond: this kernel has no bonding driver (CONFIG_BONDING, module bonding): $said"
expect_eq "nothing changed: d0 keeps its address and state" "$(kernel_state)" "$before"
ife -a
expect_eq "-a on such a kernel: nothing to show, exit 0" "$RC:$OUT" "0:"

# Only an rtnetlink create loads the driver (request_module "rtnl-link-bond"); sysfs needs it
# loaded already. So the race below is the netlink path's; with ioctl the module is put back.
if on ioctl; then
  insmod "$ko" max_bonds=0
else
  # The kernel runs its module helper from the VM's initramfs root, where the checkout is
  # under /newroot; the helper loads bonding as modprobe would, with max_bonds=1.
  printf '#!/bin/sh\nexec /bin/insmod /newroot%s\n' "$ko" > "$VMT_DIR/modprobe"
  chmod +x "$VMT_DIR/modprobe"
  echo "/newroot$VMT_DIR/modprobe" > /proc/sys/kernel/modprobe
  # Module init makes bond0 in the initial network namespace: that is where the race is.
  # With the initial namespace's own /sys, as ip netns exec mounts one for a namespace: the
  # bond's sysfs files are where 3.10 takes its options.
  RC=0; ERR=$(nsenter -t 1 -n unshare -m sh -c 'mount -t sysfs sysfs /sys && exec "$@"' sh \
    "$IFENSLAVE" --backend "$BACKEND" -v --miimon 100 bond0 2>&1) || RC=$?
  expect_eq "the create that loads the driver: exit 0" "$RC" 0
  check "the driver was loaded by the create request" sh -c 'lsmod | grep -q "^bonding "'
  expect_eq "the create met the driver's own bond0, which was then configured, not failed on" \
    "$(printf '%s\n' "$ERR" | grep -E 'netlink: (create|set) bond0|File exists')" \
    "ifenslave: netlink: create bond0 type bond miimon 100
ifenslave: netlink: set bond0 type bond miimon 100
ifenslave: netlink: set bond0 up"
  # /proc/net is the reading process's namespace's.
  expect_eq "and configured" "$(nsenter -t 1 -n sed -n 's/^MII Polling Interval (ms): //p' /proc/net/bonding/bond0)" 100
  nsenter -t 1 -n ip link del bond0
fi
ife_ok "with the driver back, the line that failed works" bond0 d0
