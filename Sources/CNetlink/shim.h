// SPDX-License-Identifier: GPL-2.0-or-later
// The C surface IfenslaveCore uses: libnl-3/libnl-route-3 (3.7) and the rtnetlink UAPI.
//
// <linux/if.h> and <linux/if_bonding.h> stay out on purpose: they define their own
// `struct ifreq`, which clashes with the one Swift's Glibc module imports from <net/if.h>,
// and the legacy SIOCBOND* ioctls need Glibc's.
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>
#include <netlink/errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/if_addr.h>
#include <linux/sockios.h>
#include <linux/ethtool.h>
