# DNS part of the quickstart: PowerDNS (gmysql backend) reading the `pdns` database of
# the system MariaDB. Sourced by deploy/quickstart.sh, which calls dns_up / dns_down.
# Uses the pdns@hearth systemd unit when systemd runs; otherwise starts pdns_server
# directly with a pid file under /run/hearth.
#
# Two MariaDB users: `pdns` (SELECT only) for pdns_server, `hearth_dns` (read/write) for
# the agent, whose password lives only in the agent's config (root-only agent.json).
#
# Settings (environment): HEARTH_DNS_PORT (53), HEARTH_DNS_ADDRESS (0.0.0.0),
# HEARTH_DNS_NAMESERVERS ("ns1.example.net ns2.example.net"; the first is the SOA primary),
# HEARTH_DNS_HOSTMASTER (hostmaster.example.net), HEARTH_SERVER_IPV4 (detected),
# HEARTH_SERVER_IPV6 (none).
# Outputs: /etc/hearth/agent.d/dns.json (the agent's `dns` section) and HEARTH_DNS_PORT
# in /etc/hearth/quickstart.env (through QUICKSTART_VARS).

HEARTH_DNS_PORT=${HEARTH_DNS_PORT:-53}
HEARTH_DNS_ADDRESS=${HEARTH_DNS_ADDRESS:-0.0.0.0}
HEARTH_DNS_NAMESERVERS=${HEARTH_DNS_NAMESERVERS:-ns1.example.net ns2.example.net}
HEARTH_DNS_HOSTMASTER=${HEARTH_DNS_HOSTMASTER:-hostmaster.example.net}
HEARTH_SERVER_IPV6=${HEARTH_SERVER_IPV6:-}
_DNS_CONF_DIR=${HEARTH_PDNS_CONFIG_DIR:-/etc/powerdns}
_DNS_CONF=$_DNS_CONF_DIR/pdns-hearth.conf
_DNS_ETC=${ETC:-/etc/hearth}
_DNS_RUN=${RUN:-/run/hearth}
_DNS_PID=$_DNS_RUN/pdns.pid
_DNS_SCHEMA=/usr/share/pdns-backend-mysql/schema/schema.mysql.sql

_dns_has_systemd() {
  [ -d /run/systemd/system ]
}

# The address other hosts reach this server on (the source of the default route).
_dns_detect_ipv4() {
  local ip
  ip=$(ip -4 route get 192.0.2.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n1)
  echo "${ip:-127.0.0.1}"
}

# Reads a value from an existing JSON file (keeps passwords stable across re-runs).
_dns_json_value() {
  local file=$1 path=$2
  [ -f "$file" ] || return 0
  node -e 'try{let v=require(process.argv[1]);for(const k of process.argv[2].split("."))v=v[k];if(typeof v==="string")process.stdout.write(v)}catch{}' "$file" "$path"
}

_dns_answers() {
  dig +time=1 +tries=1 @127.0.0.1 -p "$HEARTH_DNS_PORT" hearth-probe.invalid SOA 2>/dev/null | grep -q 'status:'
}

dns_up() {
  local server_password agent_password socket ipv4 primary ns_json
  HEARTH_SERVER_IPV4=${HEARTH_SERVER_IPV4:-$(_dns_detect_ipv4)}
  ipv4=$HEARTH_SERVER_IPV4
  for v in $HEARTH_DNS_NAMESERVERS $HEARTH_DNS_HOSTMASTER; do
    [[ $v =~ ^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$ ]] || { echo "not a host name: $v" >&2; return 1; }
  done
  [[ $HEARTH_DNS_PORT =~ ^[0-9]{1,5}$ ]] || { echo "HEARTH_DNS_PORT must be a port number" >&2; return 1; }

  agent_password=$(_dns_json_value "$_DNS_ETC/agent.d/dns.json" dns.db.password)
  [ -n "$agent_password" ] || agent_password=$(openssl rand -hex 16)
  server_password=$(sed -n 's/^gmysql-password=//p' "$_DNS_CONF" 2>/dev/null || true)
  [ -n "$server_password" ] || server_password=$(openssl rand -hex 16)
  socket=$(mariadb --protocol=socket -N -e "SELECT @@socket")

  mariadb --protocol=socket <<SQL
CREATE DATABASE IF NOT EXISTS pdns;
CREATE USER IF NOT EXISTS 'pdns'@'localhost' IDENTIFIED BY '$server_password';
ALTER USER 'pdns'@'localhost' IDENTIFIED BY '$server_password';
GRANT SELECT ON pdns.* TO 'pdns'@'localhost';
CREATE USER IF NOT EXISTS 'hearth_dns'@'localhost' IDENTIFIED BY '$agent_password';
ALTER USER 'hearth_dns'@'localhost' IDENTIFIED BY '$agent_password';
GRANT SELECT, INSERT, UPDATE, DELETE ON pdns.* TO 'hearth_dns'@'localhost';
SQL
  # The schema Debian ships for the installed pdns_server, loaded once.
  if [ "$(mariadb --protocol=socket -N -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='pdns' AND TABLE_NAME IN ('domains','records')")" != 2 ]; then
    sed -e 's/^CREATE TABLE /CREATE TABLE IF NOT EXISTS /' -e 's/^CREATE \(UNIQUE \)\{0,1\}INDEX /&IF NOT EXISTS /' "$_DNS_SCHEMA" \
      | mariadb --protocol=socket pdns
  fi

  install -d -m 0755 "$_DNS_CONF_DIR"
  (umask 027; cat > "$_DNS_CONF" <<EOF
# Written by Hearth quickstart: zones come from MariaDB, written by hearth-agent.
launch=gmysql
gmysql-socket=$socket
gmysql-user=pdns
gmysql-password=$server_password
gmysql-dbname=pdns
local-address=$HEARTH_DNS_ADDRESS
local-port=$HEARTH_DNS_PORT
# Answer from the tables as they are: a committed change is the next answer.
zone-cache-refresh-interval=0
cache-ttl=0
negquery-cache-ttl=0
query-cache-ttl=0
security-poll-suffix=
webserver=no
api=no
EOF
)
  chown root:pdns "$_DNS_CONF"

  if _dns_has_systemd; then
    # Debian's default instance would fight over the same port.
    [ "$HEARTH_DNS_PORT" = 53 ] && systemctl disable --now pdns 2>/dev/null || true
    systemctl enable pdns@hearth
    systemctl restart pdns@hearth
  else
    stop_pidfile "$_DNS_PID"
    mkdir -p "$_DNS_RUN/pdns" /var/log/hearth
    start_daemon "$_DNS_PID" /var/log/hearth/pdns.log pdns_server --config-dir="$_DNS_CONF_DIR" --config-name=hearth \
      --daemon=no --guardian=no --setuid=pdns --setgid=pdns --socket-dir="$_DNS_RUN/pdns" --disable-syslog
  fi
  for _ in $(seq 1 50); do _dns_answers && break; sleep 0.2; done
  _dns_answers || { echo "PowerDNS does not answer on port $HEARTH_DNS_PORT; see /var/log/hearth/pdns.log" >&2; return 1; }

  primary=${HEARTH_DNS_NAMESERVERS%% *}
  ns_json=$(printf '"%s",' $HEARTH_DNS_NAMESERVERS); ns_json="[${ns_json%,}]"
  mkdir -p "$_DNS_ETC/agent.d"
  (umask 077; cat > "$_DNS_ETC/agent.d/dns.json" <<EOF
{ "dns": {
  "enabled": true,
  "db": { "socketPath": "$socket", "user": "hearth_dns", "password": "$agent_password", "database": "pdns" },
  "primaryNameserver": "$primary",
  "hostmaster": "$HEARTH_DNS_HOSTMASTER",
  "nameservers": $ns_json,
  "serverIpv4": "$ipv4",
  "serverIpv6": "$HEARTH_SERVER_IPV6",
  "defaultTtl": 3600
} }
EOF
)
  export HEARTH_DNS_PORT
  QUICKSTART_VARS+=(HEARTH_DNS_PORT)
}

dns_down() {
  if _dns_has_systemd; then
    systemctl stop pdns@hearth 2>/dev/null || true
  else
    stop_pidfile "$_DNS_PID"
  fi
}
