#!/usr/bin/env bash
# Brings the whole Hearth panel up on this Debian 12 machine (as root), or down again:
#   bash deploy/quickstart.sh        install, build, configure, start; prints HEARTH_URL and HEARTH_TOKEN
#   bash deploy/quickstart.sh down   stop what it started
# Running it again is harmless: it keeps existing secrets, data and tokens, and restarts
# the agent and the API on the freshly built code.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "quickstart must run as root" >&2; exit 1; }

REPO=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${HEARTH_PREFIX:-/opt/hearth}
ETC=/etc/hearth
RUN=/run/hearth
API_PORT=${HEARTH_API_PORT:-8443}
# Prometheus /metrics of the API and the agent, loopback only (docs/operations.md).
API_METRICS_PORT=${HEARTH_API_METRICS_PORT:-9471}
AGENT_METRICS_PORT=${HEARTH_AGENT_METRICS_PORT:-9472}
QUICKSTART_VARS=()
mkdir -p "$RUN" /var/log/hearth "$ETC/agent.d"

for lib in "$REPO"/deploy/lib/*.sh; do
  # shellcheck source=/dev/null
  . "$lib"
done
# Resource modules with a deploy part (web, dns, mail, ...): each defines <name>_up and <name>_down,
# writes its agent config fragment to /etc/hearth/agent.d/<name>.json and adds its HEARTH_* variables
# to QUICKSTART_VARS.
MODULES=()
for m in web dns mail ftp tls; do
  declare -F "${m}_up" >/dev/null && MODULES+=("$m")
done

systemd_running() { [ -d /run/systemd/system ]; }

stop_panel() {
  if systemd_running && [ -f /etc/systemd/system/hearth-api.service ]; then
    systemctl stop hearth-api hearth-agent || true
  fi
  stop_pidfile "$RUN/api.pid"
  stop_pidfile "$RUN/agent.pid"
}

if [ "${1:-up}" = "down" ]; then
  stop_panel
  for ((i=${#MODULES[@]}-1; i>=0; i--)); do "${MODULES[$i]}_down" || true; done
  mariadb_down
  echo "Hearth stopped."
  exit 0
fi

echo "== packages"
install_debian_packages

echo "== build"
cd "$REPO"
npm_install_locked
npm run build --silent
# The services run from $PREFIX, readable by the hearth user whatever the checkout's permissions.
rm -rf "$PREFIX.new" && mkdir -p "$PREFIX.new/packages"
cp -a package.json node_modules proto "$PREFIX.new/"
for p in shared agent api cli web; do
  mkdir -p "$PREFIX.new/packages/$p" && cp -a "packages/$p/package.json" "packages/$p/dist" "$PREFIX.new/packages/$p/"
done
rm -rf "$PREFIX.old"; [ -d "$PREFIX" ] && mv "$PREFIX" "$PREFIX.old"; mv "$PREFIX.new" "$PREFIX"; rm -rf "$PREFIX.old"
chmod -R go+rX "$PREFIX"
install -m 0755 /dev/stdin /usr/local/bin/hearthctl <<SH
#!/bin/sh
exec node $PREFIX/packages/cli/dist/main.js "\$@"
SH

echo "== users and secrets"
getent group hearth >/dev/null || groupadd --system hearth
getent passwd hearth >/dev/null || useradd --system --gid hearth --home-dir /var/lib/hearth-api --no-create-home --shell /usr/sbin/nologin hearth
getent group www-data >/dev/null || groupadd --system www-data
install -d -m 0750 -o root -g hearth "$ETC"
install -d -m 0700 -o hearth -g hearth "$ETC/tls"
install -d -m 0700 /var/lib/hearth
[ -s "$ETC/agent.token" ] || (umask 077; openssl rand -hex 32 > "$ETC/agent.token")
chown root:hearth "$ETC/agent.token"; chmod 0640 "$ETC/agent.token"

echo "== database"
mariadb_up
DB_PASSWORD=""
[ -f "$ETC/api.json" ] && DB_PASSWORD=$(node -e 'try{process.stdout.write(require(process.argv[1]).database.password||"")}catch{}' "$ETC/api.json")
[ -n "$DB_PASSWORD" ] || DB_PASSWORD=$(openssl rand -hex 16)
JWT_SECRET=""
[ -f "$ETC/api.json" ] && JWT_SECRET=$(node -e 'try{process.stdout.write(require(process.argv[1]).jwt.secret||"")}catch{}' "$ETC/api.json")
[ -n "$JWT_SECRET" ] || JWT_SECRET=$(openssl rand -hex 32)
# The license key is kept across runs unless HEARTH_LICENSE_PUBLIC_KEY names a new one.
LICENSE_KEY=${HEARTH_LICENSE_PUBLIC_KEY:-}
[ -n "$LICENSE_KEY" ] || [ ! -f "$ETC/api.json" ] || LICENSE_KEY=$(node -e 'try{process.stdout.write(require(process.argv[1]).license.publicKey||"")}catch{}' "$ETC/api.json")
mariadb --protocol=socket <<SQL
-- Customers must never gain rights through MariaDB's historical anonymous/test grants.
DELETE FROM mysql.global_priv WHERE User='';
DELETE FROM mysql.db WHERE Db='test' OR Db='test\\_%';
DROP DATABASE IF EXISTS test;
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS hearth CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'hearth'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
ALTER USER 'hearth'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, LOCK TABLES ON hearth.* TO 'hearth'@'localhost';
-- The audit log is append-only for the API: its own database, where it may only read and add.
CREATE DATABASE IF NOT EXISTS hearth_audit CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT SELECT, INSERT, CREATE ON hearth_audit.* TO 'hearth'@'localhost';
SQL
MARIADB_SOCKET=$(mariadb --protocol=socket -N -e "SELECT @@socket")
(umask 027; cat > "$ETC/api.json" <<JSON
{
  "listen": { "host": "0.0.0.0", "port": $API_PORT, "plainHttp": false, "tlsDir": "$ETC/tls" },
  "database": { "socketPath": "$MARIADB_SOCKET", "user": "hearth", "password": "$DB_PASSWORD", "database": "hearth" },
  "agent": { "socketPath": "$RUN/agent.sock", "tokenFile": "$ETC/agent.token" },
  "license": { "file": "$ETC/license.json", "publicKey": $(node -e "process.stdout.write(JSON.stringify(process.argv[1]))" -- "$LICENSE_KEY") },
  "jwt": { "secret": "$JWT_SECRET" },
  "metrics": { "enabled": true, "host": "127.0.0.1", "port": $API_METRICS_PORT }
}
JSON
)
chown root:hearth "$ETC/api.json"; chmod 0640 "$ETC/api.json"
hearthctl migrate

echo "== services"
cat > "$ETC/agent.d/00-core.json" <<JSON
{ "socketPath": "$RUN/agent.sock", "socketGroup": "hearth", "tokenFile": "$ETC/agent.token",
  "stateDir": "/var/lib/hearth", "homeRoot": "/home", "webGroup": "www-data",
  "metrics": { "enabled": true, "host": "127.0.0.1", "port": $AGENT_METRICS_PORT } }
JSON
for m in "${MODULES[@]}"; do echo "-- $m"; "${m}_up"; done
(umask 077; node "$REPO/deploy/lib/merge-json.js" "$ETC"/agent.d/*.json > "$ETC/agent.json")

stop_panel
if systemd_running; then
  # Type=notify: each start returns once the process said READY=1 (agent: recovery done,
  # socket bound root:hearth 0660; API: listening, database answering, migrations applied).
  install_unit hearth-agent
  install_unit hearth-api
  systemctl daemon-reload
  systemctl enable hearth-agent hearth-api >/dev/null 2>&1
  systemctl start hearth-agent
  systemctl start hearth-api
else
  # The same node flags and malloc arenas as deploy/systemd/hearth-agent.service (why: there).
  start_daemon "$RUN/agent.pid" /var/log/hearth/agent.log env MALLOC_ARENA_MAX=2 node --max-semi-space-size=2 --max-old-space-size=128 "$PREFIX/packages/agent/dist/main.js" "$ETC/agent.json"
  for _ in $(seq 1 100); do [ -S "$RUN/agent.sock" ] && break; sleep 0.1; done
  [ -S "$RUN/agent.sock" ] || { echo "the agent did not start; see /var/log/hearth/agent.log" >&2; exit 1; }
  touch /var/log/hearth/api.log && chown hearth:hearth /var/log/hearth/api.log
  start_daemon "$RUN/api.pid" /var/log/hearth/api.log setpriv --reuid=hearth --regid=hearth --init-groups -- env MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --max-old-space-size=192 "$PREFIX/packages/api/dist/main.js" "$ETC/api.json"
fi

HEARTH_URL="https://127.0.0.1:$API_PORT"
for _ in $(seq 1 100); do curl -skf "$HEARTH_URL/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
if ! curl -skf "$HEARTH_URL/readyz" >/dev/null; then
  if systemd_running; then echo "the API is not ready; see journalctl -u hearth-api -u hearth-agent" >&2
  else echo "the API is not ready; see /var/log/hearth/api.log and agent.log" >&2; fi
  exit 1
fi

HEARTH_TOKEN=""
if [ -f "$ETC/quickstart.env" ]; then
  HEARTH_TOKEN=$(sed -n 's/^HEARTH_TOKEN=//p' "$ETC/quickstart.env")
  code=$(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $HEARTH_TOKEN" "$HEARTH_URL/api/v1/packages")
  [ "$code" = 200 ] || HEARTH_TOKEN=""
fi
[ -n "$HEARTH_TOKEN" ] || HEARTH_TOKEN=$(hearthctl token create --name quickstart-admin --scope '*')

# What `hearthctl status` probes: the ports this run used (defaults: Debian's standard ones).
(umask 027; cat > "$ETC/status.json" <<JSON
{ "apiUrl": "$HEARTH_URL",
  "powerdns": "127.0.0.1:${HEARTH_DNS_PORT:-53}", "postfix": "127.0.0.1:${HEARTH_SMTP_PORT:-25}",
  "dovecot": "127.0.0.1:${HEARTH_IMAP_PORT:-143}", "ftp": "127.0.0.1:${HEARTH_FTP_PORT:-21}",
  "webdisk": "127.0.0.1:${HEARTH_WEBDISK_PORT:-2078}" }
JSON
)

(umask 077; {
  echo "HEARTH_URL=$HEARTH_URL"
  echo "HEARTH_TOKEN=$HEARTH_TOKEN"
  for v in "${QUICKSTART_VARS[@]}"; do echo "$v=${!v}"; done
} > "$ETC/quickstart.env")
chmod 0600 "$ETC/quickstart.env"

cat <<TXT

Hearth is up.
  HEARTH_URL=$HEARTH_URL
  HEARTH_TOKEN=$HEARTH_TOKEN
(also in $ETC/quickstart.env)

Try:
  curl -sk -H "Authorization: Bearer \$HEARTH_TOKEN" \$HEARTH_URL/api/v1/packages
  hearthctl status
Metrics (loopback): http://127.0.0.1:$API_METRICS_PORT/metrics (API), http://127.0.0.1:$AGENT_METRICS_PORT/metrics (agent)
TXT
