#!/bin/sh
# Creates the certificates of the outbound tests in DIR with the openssl command:
#   ca.pem, ca.key           a test CA
#   mx.tls.example.pem/.key  server certificate from the CA for mx.tls.example and
#                            tls.example
#   mta-sts.pem/.key         for mta-sts.tls.example, mta-sts.sts-testing.example and
#                            mta-sts.sts-mismatch.example
#   expired.pem/.key         self-signed for mx.expired.example, valid 2020-2021 only
#   alice.pem/.key           S/MIME certificate from the CA for alice@smime.example
#   bob.pem/.key             S/MIME certificate from the CA for bob@smime.example
# Usage: make_certificates.sh DIR
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj "/CN=tlsguard test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

issue() { # name subject extensions
    openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
    printf '%s\n' "$3" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
        -out "$1.pem" -days 30 -extfile "$1.ext" 2>/dev/null
}

issue mx.tls.example "/CN=mx.tls.example" \
    "subjectAltName=DNS:mx.tls.example,DNS:tls.example
extendedKeyUsage=serverAuth"
issue mta-sts "/CN=mta-sts.tls.example" \
    "subjectAltName=DNS:mta-sts.tls.example,DNS:mta-sts.sts-testing.example,DNS:mta-sts.sts-mismatch.example
extendedKeyUsage=serverAuth"
issue alice "/CN=Alice/emailAddress=alice@smime.example" \
    "subjectAltName=email:alice@smime.example
extendedKeyUsage=emailProtection
keyUsage=keyEncipherment"
issue bob "/CN=Bob" \
    "subjectAltName=email:bob@smime.example
extendedKeyUsage=emailProtection
keyUsage=keyEncipherment"

# An expired self-signed certificate needs explicit dates, which 'openssl ca' accepts.
mkdir -p expired-ca/newcerts
: > expired-ca/index.txt
echo 01 > expired-ca/serial
cat > expired-ca/ca.cnf <<CNF
[ca]
default_ca = expired
[expired]
dir = $dir/expired-ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = any
copy_extensions = copy
[any]
commonName = supplied
CNF
openssl req -newkey rsa:2048 -nodes -keyout expired.key -out expired.csr \
    -subj "/CN=mx.expired.example" -addext "subjectAltName=DNS:mx.expired.example" 2>/dev/null
openssl ca -batch -config expired-ca/ca.cnf -selfsign -keyfile expired.key -in expired.csr \
    -out expired.pem -startdate 20200101000000Z -enddate 20210101000000Z -notext 2>/dev/null
rm -f ./*.csr ./*.ext
