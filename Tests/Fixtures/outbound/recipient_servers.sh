#!/bin/bash
# Runs one private Postfix instance with three recipient SMTP servers on port 2525:
#   TLS      STARTTLS with a certificate from the test CA (mx.tls.example)
#   NOTLS    no STARTTLS (mx.notls.example)
#   EXPIRED  STARTTLS with an expired self-signed certificate (mx.expired.example)
# The three addresses default to 127.0.0.11, 127.0.0.12 and 127.0.0.13.
# Each accepts any mail and discards it; DIR/maillog records every session, with the
# service name (recipient-tls, recipient-notls, recipient-expired) in each line.
# Usage: recipient_servers.sh start DIR CERTDIR [TLS NOTLS EXPIRED] | stop DIR
set -eu
action=$1
dir=$2

if [ "$action" = stop ]; then
    postfix -c "$dir" stop >/dev/null 2>&1 || true
    exit 0
fi

certs=$3
tls=${4:-127.0.0.11}
notls=${5:-127.0.0.12}
expired=${6:-127.0.0.13}
mkdir -p "$dir/queue" "$dir/data"
chown postfix "$dir/data"
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = recipients.test
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
default_transport = discard
relay_transport = discard
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
smtpd_tls_loglevel = 1
smtpd_banner = \$myhostname ESMTP
CF
cat > "$dir/master.cf" <<CF
$tls:2525 inet n - n - - smtpd -o syslog_name=recipient-tls
  -o smtpd_tls_security_level=may -o smtpd_tls_cert_file=$certs/mx.tls.example.pem
  -o smtpd_tls_key_file=$certs/mx.tls.example.key
$notls:2525 inet n - n - - smtpd -o syslog_name=recipient-notls
  -o smtpd_tls_security_level=none
$expired:2525 inet n - n - - smtpd -o syslog_name=recipient-expired
  -o smtpd_tls_security_level=may -o smtpd_tls_cert_file=$certs/expired.pem
  -o smtpd_tls_key_file=$certs/expired.key
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
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
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
postfix -c "$dir" check
postfix -c "$dir" start >/dev/null 2>&1
for address in $tls $notls $expired; do
    tries=0
    until (exec 3<>"/dev/tcp/$address/2525") 2>/dev/null; do
        tries=$((tries + 1))
        [ $tries -lt 50 ] || { echo "recipient server $address:2525 did not start" >&2; exit 1; }
        sleep 0.1
    done
done
