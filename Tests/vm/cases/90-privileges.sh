# SPDX-License-Identifier: GPL-2.0-or-later
# Without CAP_NET_ADMIN every change is refused up front with a message that says root is
# needed, and nothing changes; status works without it.
dummies d0 d1
ife_ok "setup" --mode active-backup --miimon 100 bond0 d0
before=$(kernel_state)
noadmin() { setpriv --bounding-set=-net_admin --inh-caps=-net_admin -- "$@"; }
check "setpriv really drops it" sh -c "! setpriv --bounding-set=-net_admin -- ip link set d1 mtu 1400"
for args in "bond0 d1" "-d bond0 d0" "-c bond0 d0" "--destroy bond0" "--miimon 200 bond0" "bond9 d1" \
  "--mtu 1400 bond0" "--hwaddr 02:00:00:00:00:09 bond0" "--primary d0 bond0" "--mode active-backup bond9"; do
  RC=0
  # shellcheck disable=SC2086
  ERR=$(noadmin "$IFENSLAVE" --backend "$BACKEND" $args 2>&1 >/dev/null) || RC=$?
  expect_eq "without CAP_NET_ADMIN, ifenslave $args: exit 1" "$RC" 1
  expect_eq "without CAP_NET_ADMIN, ifenslave $args: says root is needed" "$ERR" \
    "ifenslave: changing network interfaces needs root (CAP_NET_ADMIN); nothing was changed"
done
expect_eq "nothing changed" "$(kernel_state)" "$before"
check "status works without it" noadmin "$IFENSLAVE" --backend "$BACKEND" bond0
check "--json -a works without it" sh -c "setpriv --bounding-set=-net_admin -- \"$IFENSLAVE\" --backend $BACKEND --json -a | jq -e '.[0].name == \"bond0\" and .[0].mode == \"active-backup\" and (.[0].slaves | length) == 1'"
check "a dry run works without it" noadmin "$IFENSLAVE" --backend "$BACKEND" --dry-run bond0 d1
