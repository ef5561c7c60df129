// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * floor: the kernel's share of an enslave. For each SLAVE it sends the two requests that
 * `ip link set SLAVE down; ip link set SLAVE master BOND` send (RTM_NEWLINK with the UP flag
 * cleared, then RTM_NEWLINK with IFLA_MASTER), through libnl, each waiting for its ACK, and
 * nothing else: no dump, no read-back. Run once per slave, it is the least a separate process
 * per operation can cost; with -t it times the requests inside one process and prints the
 * mean per slave in microseconds, which is the kernel's own work plus two system-call round
 * trips.
 *
 * usage: floor [-t] BOND SLAVE...
 */
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

static int request(struct nl_sock *sk, int index, int master)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
	int err;

	if (!master)
		ifi.ifi_change = IFF_UP;	/* ifi_flags 0: down */
	if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    (master && nla_put_u32(msg, IFLA_MASTER, master) < 0))
		return -NLE_NOMEM;
	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	return err < 0 ? err : nl_wait_for_ack(sk);
}

int main(int argc, char **argv)
{
	int timed = argc > 1 && strcmp(argv[1], "-t") == 0;
	struct nl_sock *sk = nl_socket_alloc();
	struct timespec t0, t1;
	int bond, i, err;

	if (argc < 3 + timed) {
		fprintf(stderr, "usage: floor [-t] BOND SLAVE...\n");
		return 2;
	}
	if (!sk || nl_connect(sk, NETLINK_ROUTE) < 0 || !(bond = if_nametoindex(argv[1 + timed]))) {
		fprintf(stderr, "floor: no netlink socket or no %s\n", argv[1 + timed]);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 2 + timed; i < argc; i++) {
		int slave = if_nametoindex(argv[i]);
		if (!slave || (err = request(sk, slave, 0)) < 0 || (err = request(sk, slave, bond)) < 0) {
			fprintf(stderr, "floor: %s: %s\n", argv[i], slave ? nl_geterror(err) : "no such interface");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (timed)
		printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / (argc - 2 - timed));
	nl_socket_free(sk);
	return 0;
}
