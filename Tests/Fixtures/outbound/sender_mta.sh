#!/bin/bash
# Runs a private Postfix instance that sends mail the way a tlsguard site does: with the
# main.cf lines, enforce transports, route checks and reinjection listener of
# Conf/postfix. Its inbound smtpd listens on the listener's address at port 2526 and uses
# the milter at MILTER (a unix socket path) where tlsguard's would be.
#
# Recipient domains resolve through a private /etc/hosts, bind-mounted in a mount
# namespace of the instance (unshare), and the SMTP client connects to port 2525, so the
# recipient servers of recipient_servers.sh take the mail.
# Usage: sender_mta.sh start DIR CONFDIR CAFILE LISTEN HOSTSFILE MILTER | stop DIR
#   CONFDIR   the repository's Conf/postfix
#   LISTEN    address:port for the reinjection listener, such as 127.100.7.41:10026
set -eu
action=$1
dir=$2

if [ "$action" = stop ]; then
    postfix -c "$dir" stop >/dev/null 2>&1 || true
    exit 0
fi

conf=$3
cafile=$4
listen=$5
hosts=$6
milter=$7
mkdir -p "$dir/queue" "$dir/data"
chown postfix "$dir/data"
cp "$conf/tlsguard_route_checks" "$dir/tlsguard_route_checks"
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = sender.test
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
smtp_tcp_port = 2525
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtp_tls_CAfile = $cafile
smtp_tls_loglevel = 1
CF
sed -e "s|^smtpd_milters = .*|smtpd_milters = unix:$milter|" -e "s|/etc/postfix/|$dir/|g" \
    -e "s|/etc/ssl/certs/ca-certificates.crt|$cafile|" "$conf/main.cf" >> "$dir/main.cf"
{
    sed -e "s|^127.0.0.1:10026 |$listen |" -e "s|/etc/postfix/|$dir/|g" "$conf/master.cf"
    cat <<CF
${listen%:*}:2526 inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
} > "$dir/master.cf"
postfix -c "$dir" check
unshare --mount sh -c "mount --bind '$hosts' /etc/hosts && postfix -c '$dir' start" >/dev/null 2>&1
host=${listen%:*}
port=${listen##*:}
tries=0
until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -lt 50 ] || { echo "reinjection listener $listen did not start" >&2; exit 1; }
    sleep 0.1
done
