#!/bin/sh
# Regenerates the TLS material of the local Materialize stand-in (local/.../materialize/MaterializeStandIn.java).
# Test-only keys: they secure nothing but a loopback server started by the tests, which is why they are committed.
#
#   cd local/src/main/resources/materialize/tls && sh regenerate.sh
#
# Writes (and overwrites):
#   ca.pem                           the stand-in's CA (CN "aurora-cdc-autopilot Materialize stand-in CA"); its key is
#                                    thrown away, so a regeneration always makes a new CA and new server certificates
#   server.crt, server.key           SAN DNS:localhost, IP:127.0.0.1, IP:::1 (what the client's host-name check accepts)
#   other-name.crt, other-name.key   SAN DNS:materialize.invalid only: a valid chain whose name matches neither
#                                    localhost nor 127.0.0.1 (the host-name verification test)
# Every certificate is valid from 2000-01-01 to 2125-12-31 (openssl ca -startdate/-enddate: a clock set back or far
# ahead still accepts them). Keys: EC P-256, PKCS#8 PEM (what MaterializeStandIn reads).
# Needs OpenSSL 1.1.1 or later.
set -eu
here=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir newcerts
: > index.txt
echo 1000 > serial
cat > ca.cnf <<CNF
[ ca ]
default_ca = local
[ local ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ localhost_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
authorityKeyIdentifier = keyid
[ other_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:materialize.invalid
authorityKeyIdentifier = keyid
CNF
dates="-startdate 20000101000000Z -enddate 21251231235959Z"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
openssl req -new -config ca.cnf -key ca.key -subj "/CN=aurora-cdc-autopilot Materialize stand-in CA" -out ca.csr
openssl ca -batch -config ca.cnf -selfsign -keyfile ca.key -extensions ca_ext $dates -notext -in ca.csr -out ca.pem
for name in server:localhost_ext:localhost other-name:other_ext:materialize.invalid; do
  file=${name%%:*}; rest=${name#*:}; ext=${rest%%:*}; cn=${rest#*:}
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$file.key"
  openssl req -new -config ca.cnf -key "$file.key" -subj "/CN=$cn" -out "$file.csr"
  openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -extensions "$ext" $dates -notext -in "$file.csr" -out "$file.crt"
done
cp ca.pem server.crt server.key other-name.crt other-name.key "$here"
echo "Wrote ca.pem server.crt server.key other-name.crt other-name.key in $here"
