# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for ifenslave(8).  Interfaces come from sysfs, where a bond is the
# interface with a bonding/ directory.

# The bonds.  /proc/net/bonding serves when sysfs shows none (no sysfs).
function __ifenslave_bonds
    set -l found
    for d in /sys/class/net/*/bonding
        test -d $d; or continue
        string replace -r '^/sys/class/net/(.*)/bonding$' '$1' -- $d
        set found 1
    end
    set -q found[1]; and return
    for d in /proc/net/bonding/*
        string replace -r '.*/' '' -- $d
    end
end

# Interfaces that can be slaves: neither bonds nor the loopback.  test -d also drops
# bonding_masters, the driver's control file in the same directory.
function __ifenslave_nonbonds
    for d in /sys/class/net/*
        set -l n (string replace -r '.*/' '' -- $d)
        test -d $d -a ! -d $d/bonding -a "$n" != lo; and echo $n
    end
end

# The slaves of bond $argv[1].  Without its bonding/slaves file (not a bond, or an odd
# kernel), the interfaces whose master link leads to it.
function __ifenslave_slaves_of
    set -l f /sys/class/net/$argv[1]/bonding/slaves
    if test -r $f
        string split -n ' ' <$f
        return
    end
    test -n "$argv[1]" -a -e /sys/class/net/$argv[1]; or return
    set -l m (builtin realpath /sys/class/net/$argv[1])
    for d in /sys/class/net/*
        test -e $d/master; or continue
        test (builtin realpath $d/master) = "$m"; and string replace -r '.*/' '' -- $d
    end
end

# What the word under the cursor can be when it is not an option: MASTER (a bond, or a
# new name) or a SLAVE (one of MASTER's slaves for -d and -c, else a non-bond without a
# master), never MASTER nor a slave already named.  Options may come anywhere (GNU
# permutation).
function __ifenslave_operands
    set -l given
    set -l skip
    set -l dashdash
    set -l detach
    set -l change
    set -l one
    set -l monitor
    set -l none
    for t in (commandline -opc)[2..-1]
        if set -q skip[1]
            set skip
        else if set -q dashdash[1]
            set -a given $t
        else
            switch $t
                case --
                    set dashdash 1
                case '--*=*'
                # ifenslave 1.1.0's options still take any unique prefix, as in old scripts.
                case --d --de '--det*'
                    set detach 1
                case --c '--ch*'
                    set change 1
                case --destroy --json
                    set one 1
                case --monitor
                    set monitor 1
                case --all-interfaces --help --usage --version
                    set none 1
                case --force --verbose --dry-run --force-down
                    # Flags that change nothing here.
                # These take the next word as their value.
                case -n --netns -o --options --backend --mode --miimon --updelay --downdelay --peer-notify-delay \
                        --use-carrier --arp-interval --arp-ip-target --ns-ip6-target \
                        --arp-validate --arp-all-targets --primary --primary-reselect \
                        --fail-over-mac --xmit-hash-policy --resend-igmp --num-grat-arp \
                        --num-unsol-na --all-slaves-active --min-links --lp-interval \
                        --packets-per-slave --lacp-active --lacp-rate --ad-select \
                        --ad-actor-sys-prio --ad-user-port-key --ad-actor-system \
                        --tlb-dynamic-lb --missed-max --coupled-control --broadcast-neighbor \
                        --lacp-strict --mtu --hwaddr --queue-id --prio --actor-port-prio \
                        --teamd-config --export --to
                    set skip 1
                case '--*'
                case '-*'
                    string match -qr -- '[ahuV]' $t; and set none 1
                    string match -qr -- d $t; and set detach 1
                    string match -qr -- c $t; and set change 1
                case '*'
                    set -a given $t
            end
        end
    end

    set -l n (count $given)
    if set -q monitor[1]
        # --monitor watches any number of bonds.
        for i in (__ifenslave_bonds)
            contains -- $i $given; or echo $i\tbond
        end
    else if set -q none[1]; or begin
            set -q one[1]; and test $n -gt 0
        end; or begin
            set -q change[1]; and test $n -gt 1
        end
        return
    else if test $n -eq 0
        for i in (__ifenslave_bonds)
            echo $i\tbond
        end
    else if set -q detach[1]; or set -q change[1]
        for i in (__ifenslave_slaves_of $given[1])
            contains -- $i $given; or echo $i\tslave of $given[1]
        end
    else
        # The kernel refuses an interface that has a master already.
        for i in (__ifenslave_nonbonds)
            contains -- $i $given; or test -e /sys/class/net/$i/master; or echo $i\tinterface
        end
    end
end

# True until a command option (-d, -c, -a, --destroy, -h, -u, -V) is on the line: they
# exclude each other.
function __ifenslave_no_command
    for t in (commandline -opc)[2..-1]
        switch $t
            case --
                return 0
            case --detach --change-active --all-interfaces --destroy --monitor --help --usage --version
                return 1
            case '--*'
            case '-*'
                string match -qr -- '[dcahuV]' $t; and return 1
        end
    end
    return 0
end

complete -c ifenslave -f -a '(__ifenslave_operands)'

set -l cmd '__ifenslave_no_command'
complete -c ifenslave -n $cmd -s d -l detach -d 'Release the SLAVEs from MASTER'
complete -c ifenslave -n $cmd -s c -l change-active -d 'Make SLAVE the active slave of MASTER'
complete -c ifenslave -n $cmd -s a -l all-interfaces -d 'Show every bond'
complete -c ifenslave -n $cmd -l destroy -d 'Release every slave of MASTER and delete it'
complete -c ifenslave -n $cmd -l monitor -d 'Print bond events as they happen, until interrupted'
complete -c ifenslave -n $cmd -s h -l help -d 'Show the help and exit'
complete -c ifenslave -n $cmd -s u -l usage -d 'Show the usage lines and exit'
complete -c ifenslave -n $cmd -s V -l version -d 'Show the version and exit'
complete -c ifenslave -s f -l force -d 'Accepted for compatibility'
complete -c ifenslave -s v -l verbose -d 'Trace every kernel step on stderr'
complete -c ifenslave -l json -d 'Show the status as JSON'
complete -c ifenslave -l dry-run -d 'Print the steps and change nothing'
complete -c ifenslave -l force-down -d 'Take the bond down or release its slaves for options that need it'
complete -c ifenslave -s n -l netns -x -a '(ls /run/netns 2>/dev/null)' -d 'Run in a network namespace'
complete -c ifenslave -s o -l options -x -d 'Bond options as sysfs KEY=VALUE words'
complete -c ifenslave -l backend -x -a 'auto netlink ioctl' -d 'How to reach the kernel'

# Bond options, each with its value: names as --help spells them, interfaces for
# --primary; numbers and addresses only get a description.
complete -c ifenslave -l mode -x -d 'Bonding policy' \
    -a 'balance-rr active-backup balance-xor broadcast 802.3ad balance-tlb balance-alb'
complete -c ifenslave -l miimon -x -d 'MII link monitoring interval (ms, 0 off)'
complete -c ifenslave -l updelay -x -d 'Wait before enabling a slave whose link came up (ms)'
complete -c ifenslave -l downdelay -x -d 'Wait before disabling a slave whose link went down (ms)'
complete -c ifenslave -l peer-notify-delay -x -d 'Delay between peer notifications (ms)'
complete -c ifenslave -l use-carrier -x -a '0 1 off on' -d 'Let miimon read the carrier state'
complete -c ifenslave -l arp-interval -x -d 'ARP link monitoring interval (ms, 0 off)'
complete -c ifenslave -l arp-ip-target -x -d 'IPv4 addresses ARP monitoring probes (comma-separated)'
complete -c ifenslave -l ns-ip6-target -x -d 'IPv6 addresses NS monitoring probes (comma-separated)'
complete -c ifenslave -l arp-validate -x -d 'Which slaves validate ARP replies' \
    -a 'none active backup all filter filter_active filter_backup'
complete -c ifenslave -l arp-all-targets -x -a 'any all' -d 'Whether any or all ARP targets must answer'
complete -c ifenslave -l primary -x -a '(__ifenslave_nonbonds)' -d 'The slave active whenever it is up'
complete -c ifenslave -l primary-reselect -x -a 'always better failure' -d 'When the primary becomes active again'
complete -c ifenslave -l fail-over-mac -x -a 'none active follow' -d 'How active-backup handles MACs on failover'
complete -c ifenslave -l xmit-hash-policy -x -d 'Transmit hash' \
    -a 'layer2 layer3+4 layer2+3 encap2+3 encap3+4 vlan+srcmac'
complete -c ifenslave -l resend-igmp -x -d 'IGMP reports to send after a failover (0-255)'
complete -c ifenslave -l num-grat-arp -x -d 'Peer notifications after a failover (0-255)'
complete -c ifenslave -l num-unsol-na -x -d 'The same setting as --num-grat-arp (0-255)'
complete -c ifenslave -l all-slaves-active -x -a '0 1 off on' -d 'Deliver duplicates received on inactive slaves'
complete -c ifenslave -l min-links -x -d 'Slaves that must be up for carrier'
complete -c ifenslave -l lp-interval -x -d 'Seconds between learning packets'
complete -c ifenslave -l packets-per-slave -x -d 'Packets through a slave before the next (0 random)'
complete -c ifenslave -l lacp-active -x -a 'off on' -d 'Send LACPDUs periodically or only answer'
complete -c ifenslave -l lacp-rate -x -a 'slow fast' -d 'How often the partner should send LACPDUs'
complete -c ifenslave -l ad-select -x -a 'stable bandwidth count actor_port_prio' -d 'How the active aggregator is chosen'
complete -c ifenslave -l ad-actor-sys-prio -x -d 'LACP system priority (1-65535)'
complete -c ifenslave -l ad-user-port-key -x -d 'User bits of the LACP port key (0-1023)'
complete -c ifenslave -l ad-actor-system -x -d 'LACP system MAC address'
complete -c ifenslave -l tlb-dynamic-lb -x -a '0 1 off on' -d 'Balance transmit load by current load'
complete -c ifenslave -l missed-max -x -d 'ARP intervals a slave may miss (1-255)'
complete -c ifenslave -l coupled-control -x -a 'off on' -d 'Couple LACP collecting and distributing'
complete -c ifenslave -l broadcast-neighbor -x -a 'off on' -d 'Send ARP and ND through every active slave'
complete -c ifenslave -l lacp-strict -x -a 'off on' -d 'No traffic without an LACP partner'
complete -c ifenslave -l export -x -a 'ifenslave rc.bond ifupdown networkd nmcli ifcfg' -d 'Print what recreates the bond'
complete -c ifenslave -l to -x -a '(__fish_complete_directories)' -d 'Write the exported files into a directory'
complete -c ifenslave -l check -d 'Change nothing; exit 1 with each way the kernel differs'
complete -c ifenslave -l teamd-config -r -F -d 'Build the bond a teamd configuration describes'
complete -c ifenslave -l queue-id -x -d 'Transmit queue of each slave named (0-65535)'
complete -c ifenslave -l prio -x -d 'Failover priority of each slave named'
complete -c ifenslave -l actor-port-prio -x -d 'LACP port priority of each slave named (0-65535)'
complete -c ifenslave -l mtu -x -d 'MTU of the bond and its slaves (68-65535)'
complete -c ifenslave -l hwaddr -x -d 'MAC address of the bond'
