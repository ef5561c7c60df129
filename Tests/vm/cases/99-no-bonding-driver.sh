# On a kernel without the bonding driver ifenslave says so and changes nothing. The driver is
# unloaded for this case (the last one: no bond exists anywhere by then) and put back after.
ko=$(find .build/vm -path "*/$(uname -r)/*/bonding.ko" | head -n 1)
check "the bonding module file is at hand to put it back" test -n "$ko"
trap 'lsmod | grep -q "^bonding " || insmod "$ko" max_bonds=0' EXIT
dummies d0
ip addr add 192.0.2.60/24 dev d0
check "rmmod bonding" rmmod bonding
before=$(kernel_state)
ife bond0 d0
expect_eq "exit 1" "$RC" 1
expect_eq "says the kernel has no bonding driver" "$ERR" \
  "ifenslave: bond0: cannot create bond: this kernel has no bonding driver (CONFIG_BONDING, module bonding): Unknown device type"
expect_eq "nothing changed: d0 keeps its address and state" "$(kernel_state)" "$before"
ife -a
expect_eq "-a on such a kernel: nothing to show, exit 0" "$RC:$OUT" "0:"
insmod "$ko" max_bonds=0
ife_ok "with the driver back, the same line works" bond0 d0
