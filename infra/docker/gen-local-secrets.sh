#!/usr/bin/env bash
# Generates what the local compose stack (compose.yaml) mounts as secrets: a local CA, a
# certificate for every service, passwords, connection URLs and the API's keys. Local use only: a
# real deployment takes its secrets from its own secret store and its certificates from its CA.
#
#   infra/docker/gen-local-secrets.sh [DIR]     # DIR defaults to infra/docker/.secrets
#
# Refuses to overwrite an existing set (FORCE=1 replaces it; the database volume then needs
# `docker compose down -v`, since PostgreSQL keeps the password it was first started with).
set -euo pipefail

out="${1:-$(dirname "$0")/.secrets}"
days=30

if [ -e "${out}/ca-cert" ] && [ "${FORCE:-0}" != 1 ]; then
  echo "${out} already holds a set of secrets; FORCE=1 replaces it" >&2
  exit 1
fi

umask 077
mkdir -p "${out}"
chmod 0700 "${out}"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

random() { openssl rand -hex 24; }
ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# The CA signs certificates only; its key never leaves this directory.
ec_key "${out}/ca-key"
openssl req -x509 -new -key "${out}/ca-key" -out "${out}/ca-cert" -days "${days}" \
  -subj "/CN=Bulwark local CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign"

# issue NAME COMMON_NAME SUBJECT_ALT_NAMES EXTENDED_KEY_USAGE
issue() {
  local name="$1" cn="$2" sans="$3" usage="$4"
  ec_key "${out}/${name}-key"
  openssl req -new -key "${out}/${name}-key" -subj "/CN=${cn}" -out "${work}/${name}.csr"
  printf '%s\n' \
    "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=${usage}" \
    "subjectAltName=${sans}" >"${work}/${name}.ext"
  openssl x509 -req -in "${work}/${name}.csr" -CA "${out}/ca-cert" -CAkey "${out}/ca-key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "${days}" -extfile "${work}/${name}.ext" \
    -out "${out}/${name}-cert" 2>/dev/null
}

# Servers answer to their compose service name; localhost and 127.0.0.1 serve health checks.
for service in postgres redis logs mail; do
  issue "${service}-tls" "${service}" "DNS:${service},DNS:localhost,IP:127.0.0.1" serverAuth
done
issue api-tls api "DNS:api,DNS:localhost,IP:127.0.0.1" serverAuth
# The API's HTTPS chain: its certificate, then the CA (the health check verifies against it).
cat "${out}/api-tls-cert" "${out}/ca-cert" >"${out}/api-tls-chain"
rm "${out}/api-tls-cert"
# The API's client certificate for the log collector's mutual TLS (rsyslog permittedPeer "api").
issue api-client api "DNS:api" clientAuth

postgres_password="$(random)"
redis_password="$(random)"
smtp_password="$(random)"
printf '%s' "${postgres_password}" >"${out}/postgres-password"
printf '%s' "${redis_password}" >"${out}/redis-password"
printf 'requirepass %s\n' "${redis_password}" >"${out}/redis-auth-conf"
printf '%s' "postgres://bulwark:${postgres_password}@postgres:5432/bulwark?sslmode=verify-full&sslrootcert=/run/secrets/ca-cert" \
  >"${out}/database-url"
printf '%s' "rediss://default:${redis_password}@redis:6379" >"${out}/redis-url"
printf '%s' "smtps://bulwark:${smtp_password}@mail:1465" >"${out}/smtp-url"

# Key rings (<kid>:<base64 of 32 random bytes>) and the ES256 signing key (PKCS#8 PEM, P-256).
printf 'local1:%s\n' "$(openssl rand -base64 32)" >"${out}/field-encryption-keys"
printf 'local1:%s\n' "$(openssl rand -base64 32)" >"${out}/blind-index-keys"
printf 'local1:%s\n' "$(openssl rand -base64 32)" >"${out}/audit-chain-keys"
ec_key "${out}/jwt-signing-key"

# Compose mounts these files as they are on the host, and the containers read them as users of
# their own (postgres, redis, 10002): the files are world-readable, the directory is not. The API's
# own stay private: it refuses a secret file others may read, and compose.yaml runs it as their owner.
chmod 0644 "${out}"/*
chmod 0600 "${out}/ca-key" "${out}/api-tls-key" "${out}/api-client-key" "${out}/database-url" \
  "${out}/redis-url" "${out}/smtp-url" "${out}/field-encryption-keys" "${out}/blind-index-keys" \
  "${out}/jwt-signing-key"
echo "Wrote the local stack's secrets to ${out} (certificates valid ${days} days)"
