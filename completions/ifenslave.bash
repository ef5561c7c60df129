# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for ifenslave(8)                         -*- shell-script -*-
#
# Standalone on purpose: it uses none of the bash-completion package's helpers, which some
# systems (Slackware) do not ship.  Interfaces come from sysfs, where a bond is the
# interface with a bonding/ directory.

# The bonds, one per line.  /proc/net/bonding serves when sysfs shows none (no sysfs).
_ifenslave_bonds()
{
    local d found=
    for d in /sys/class/net/*/bonding; do
        [[ -d $d ]] || continue
        d=${d%/bonding}
        printf '%s\n' "${d##*/}"
        found=1
    done
    [[ $found ]] && return 0
    for d in /proc/net/bonding/*; do
        [[ -e $d ]] && printf '%s\n' "${d##*/}"
    done
    return 0
}

# Interfaces that can be slaves: neither bonds nor the loopback.  -d also drops
# bonding_masters, the driver's control file in the same directory.
_ifenslave_nonbonds()
{
    local d
    for d in /sys/class/net/*; do
        [[ -d $d && ! -d $d/bonding && ${d##*/} != lo ]] && printf '%s\n' "${d##*/}"
    done
    return 0
}

# The slaves of bond $1.  Without its bonding/slaves file (not a bond, or an odd kernel),
# the interfaces whose master link leads to $1.
_ifenslave_slaves_of()
{
    local d
    local -a s=()
    if [[ -r /sys/class/net/$1/bonding/slaves ]]; then
        read -ra s < "/sys/class/net/$1/bonding/slaves"
        ((${#s[@]} == 0)) || printf '%s\n' "${s[@]}"
        return 0
    fi
    for d in /sys/class/net/*; do
        [[ -n $1 && $d/master -ef /sys/class/net/$1 ]] && printf '%s\n' "${d##*/}"
    done
    return 0
}

# Sets COMPREPLY to the values of option $1 that start with $2; spelled as --help shows
# them.  Numbers and addresses have nothing worth offering.
_ifenslave_values()
{
    local v=
    case $1 in
    --backend) v='auto netlink ioctl' ;;
    --mode) v='balance-rr active-backup balance-xor broadcast 802.3ad balance-tlb balance-alb' ;;
    --xmit-hash-policy) v='layer2 layer3+4 layer2+3 encap2+3 encap3+4 vlan+srcmac' ;;
    --arp-validate) v='none active backup all filter filter_active filter_backup' ;;
    --arp-all-targets) v='any all' ;;
    --primary-reselect) v='always better failure' ;;
    --fail-over-mac) v='none active follow' ;;
    --lacp-rate) v='slow fast' ;;
    --lacp-active | --coupled-control | --broadcast-neighbor | --lacp-strict) v='off on' ;;
    --ad-select) v='stable bandwidth count actor_port_prio' ;;
    --use-carrier | --all-slaves-active | --tlb-dynamic-lb) v='0 1 off on' ;;
    --primary) v=$(_ifenslave_nonbonds) ;;
    --teamd-config)
        COMPREPLY=($(compgen -f -- "$2"))
        return
        ;;
    -n | --netns) v=$(ls /run/netns 2>/dev/null) ;;
    --export) v='ifenslave rc.bond ifupdown networkd nmcli ifcfg' ;;
    --to)
        COMPREPLY=($(compgen -d -- "$2"))
        return
        ;;
    esac
    COMPREPLY=($(compgen -W "$v" -- "$2"))
}

_ifenslave()
{
    local flags='-a -c -d -f -h -u -v -V --all-interfaces --change-active --detach --destroy
        --check --monitor --help --usage --version --force --verbose --json --dry-run --force-down'
    # The options that take a value, as --opt VALUE or --opt=VALUE.
    local valued='-n --netns -o --options --backend --mode --miimon --updelay --downdelay --peer-notify-delay
        --use-carrier --arp-interval --arp-ip-target --ns-ip6-target --arp-validate
        --arp-all-targets --primary --primary-reselect --fail-over-mac --xmit-hash-policy
        --resend-igmp --num-grat-arp --num-unsol-na --all-slaves-active --min-links
        --lp-interval --packets-per-slave --lacp-active --lacp-rate --ad-select
        --ad-actor-sys-prio --ad-user-port-key --ad-actor-system --tlb-dynamic-lb
        --missed-max --coupled-control --broadcast-neighbor --lacp-strict --mtu --hwaddr
        --queue-id --prio --actor-port-prio --teamd-config --export --to'
    local i n w cur opt= dashdash= detach= change= one= none= monitor=
    local -a words=() given=() cand=()
    COMPREPLY=()

    # With '=' in COMP_WORDBREAKS (the default), bash splits --opt=value into three words:
    # join them again, so that both settings look alike below.  No negative subscripts:
    # bash 4.2 (RHEL 7) lacks them.
    n=-1
    for ((i = 1; i <= COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if ((n >= 0)) && [[ ($w == = && ${words[n]} == --* && ${words[n]} != *=*) ||
            (${COMP_WORDS[i - 1]} == = && ${words[n]} == --*=) ]]; then
            words[n]+=$w
        else
            words[++n]=$w
        fi
    done
    cur=${words[n]}

    # Options may come anywhere (GNU permutation); the other words are MASTER and SLAVEs.
    for ((i = 0; i < n; i++)); do
        w=${words[i]}
        if [[ $dashdash ]]; then
            given+=("$w")
            continue
        fi
        case $w in
        --) dashdash=1 ;;
        --*=*) ;;
        # ifenslave 1.1.0's options still take any unique prefix, as in old scripts.
        --d | --de | --det*) detach=1 ;;
        --c | --ch*) change=1 ;;
        --destroy | --json) one=1 ;;
        --monitor) monitor=1 ;;
        --all-interfaces | --help | --usage | --version) none=1 ;;
        --*)
            if [[ " ${valued//$'\n'/ } " == *" $w "* ]]; then
                ((i + 1 == n)) && opt=$w
                ((i++))
            fi
            ;;
        -o | -n)
            ((i + 1 == n)) && opt=$w
            ((i++))
            ;;
        -?*)
            [[ $w == *[ahuV]* ]] && none=1
            [[ $w == *d* ]] && detach=1
            [[ $w == *c* ]] && change=1
            ;;
        *) given+=("$w") ;;
        esac
    done

    if [[ $opt ]]; then
        _ifenslave_values "$opt" "$cur"
        return
    fi
    if [[ ! $dashdash && $cur == --*=* ]]; then
        opt=${cur%%=*}
        _ifenslave_values "$opt" "${cur#*=}"
        # Without '=' as a word break, bash replaces the whole word, option included.
        [[ $COMP_WORDBREAKS == *=* ]] || COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
        return
    fi
    if [[ ! $dashdash && $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$flags $valued" -- "$cur"))
        return
    fi

    if [[ $monitor ]]; then
        # --monitor watches any number of bonds.
        cand=($(_ifenslave_bonds))
    elif [[ $none || ($one && ${#given[@]} -gt 0) || ($change && ${#given[@]} -gt 1) ]]; then
        return
    elif ((${#given[@]} == 0)); then
        # A new bond's name is the user's to invent; offer the existing ones.
        cand=($(_ifenslave_bonds))
    elif [[ $detach || $change ]]; then
        cand=($(_ifenslave_slaves_of "${given[0]}"))
    else
        # The kernel refuses an interface that has a master already.
        for w in $(_ifenslave_nonbonds); do
            [[ -e /sys/class/net/$w/master ]] || cand+=("$w")
        done
    fi
    # Drop MASTER and the slaves already named.
    for w in "${cand[@]}"; do
        [[ " ${given[*]} " == *" $w "* || $w != "$cur"* ]] || COMPREPLY+=("$w")
    done
}

complete -F _ifenslave ifenslave
