# Web part of the quickstart: the system's own nginx (port 80) and PHP 8.2 FPM.
# Sourced by deploy/quickstart.sh, which calls web_up / web_down. Uses systemd when it
# runs; otherwise starts the daemons directly (they write their own pid files, which is
# what the agent signals in "direct" service-control mode).
#
# Outputs: /etc/hearth/agent.d/web.json (the agent's `web` config section) and
# HEARTH_HTTP_PORT in /etc/hearth/quickstart.env (also appended to QUICKSTART_VARS).

HEARTH_PHP_VERSION=${HEARTH_PHP_VERSION:-8.2}
HEARTH_HTTP_PORT=${HEARTH_HTTP_PORT:-80}

_web_has_systemd() {
  [ -d /run/systemd/system ]
}

_web_pid_alive() {
  [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Sets KEY=VALUE in an env file, replacing an earlier value of KEY.
_web_set_env() {
  local file=$1 key=$2 value=$3
  mkdir -p "$(dirname "$file")"
  touch "$file"
  grep -v "^${key}=" "$file" > "$file.tmp" || true
  echo "${key}=${value}" >> "$file.tmp"
  mv "$file.tmp" "$file"
}

_web_port_taken_by_other() {
  # Something other than nginx listening on the HTTP port would make nginx fail to start.
  ss -Hltnp "sport = :${HEARTH_HTTP_PORT}" 2>/dev/null | grep -v '"nginx"' | grep -q LISTEN
}

# Hearth writes nginx's whole main config and its include files (deploy/nginx), so nothing
# depends on the distribution's nginx.conf, conf.d, default site, mime.types or fastcgi_params.
_web_write_nginx_conf() {
  local templates=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/deploy/nginx
  install -d -m 0755 /etc/nginx/hearth /etc/nginx/sites-available /etc/nginx/sites-enabled /var/log/nginx
  install -m 0644 "$templates/mime.types" "$templates/fastcgi_params" /etc/nginx/hearth/
  [ -f /etc/nginx/nginx.conf ] && [ ! -e /etc/nginx/nginx.conf.hearth-orig ] && cp -p /etc/nginx/nginx.conf /etc/nginx/nginx.conf.hearth-orig
  # Debian's welcome site would claim the default server; Hearth's answers 404 to unknown hosts.
  rm -f /etc/nginx/sites-enabled/default /etc/nginx/conf.d/hearth.conf
  cat > /etc/nginx/nginx.conf.new <<EOF
# Written by Hearth quickstart (deploy/lib/web.sh).
user www-data;
worker_processes auto;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log;
events { worker_connections 1024; }
http {
    include /etc/nginx/hearth/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    access_log /var/log/nginx/access.log;
    # Many vhosts with long names need bigger server-name hash buckets than the default.
    server_names_hash_bucket_size 128;
    # Empty: in a site's certificate path it makes nginx load the certificate at the TLS
    # handshake instead of at every reload (render-nginx-vhost.ts, LOAD_AT_HANDSHAKE).
    map "" \$hearth_load_at_handshake { default ""; }
    server_names_hash_max_size 8192;
    # Unknown hosts get 404 here, never the first account's site.
    server {
        listen ${HEARTH_HTTP_PORT} default_server;
        listen [::]:${HEARTH_HTTP_PORT} default_server;
        server_name _;
        return 404;
    }
    include /etc/nginx/sites-enabled/*;
}
EOF
  mv /etc/nginx/nginx.conf.new /etc/nginx/nginx.conf
}

web_up() {
  local fpm="php-fpm${HEARTH_PHP_VERSION}"
  local fpm_pid="/run/php/php${HEARTH_PHP_VERSION}-fpm.pid"
  local control=direct
  _web_has_systemd && control=systemd

  # Served by nginx (www-data), so not under the agent's private /var/lib/hearth.
  install -d -m 0755 /var/lib/hearth-web /var/lib/hearth-web/acme-challenge /var/lib/hearth-web/pages
  mkdir -p /run/php /etc/hearth/agent.d /var/log/hearth

  _web_write_nginx_conf
  # Reloads that add or remove an account's pool (SIGUSR2) must let busy PHP workers finish
  # their request: with PHP-FPM's default process_control_timeout of 0 the master kills
  # them and every other site answers 502 for requests in flight. A [global] section in an
  # included file overrides the main file (its include line comes last). The agent's
  # reloadTimeoutMs (20 s) must stay above this value.
  install -d -m 0755 "/etc/php/${HEARTH_PHP_VERSION}/fpm/pool.d"
  cat > "/etc/php/${HEARTH_PHP_VERSION}/fpm/pool.d/00-hearth-graceful-reload.conf" <<'EOF'
; Written by Hearth quickstart: graceful PHP-FPM reloads (busy workers finish first).
[global]
process_control_timeout = 10s
EOF
  nginx -t -q || { echo "nginx -t failed; fix /etc/nginx before running the quickstart" >&2; return 1; }
  "$fpm" -t >/dev/null 2>&1 || { echo "$fpm -t failed; see: $fpm -t" >&2; return 1; }

  if _web_has_systemd; then
    systemctl enable --now nginx "php${HEARTH_PHP_VERSION}-fpm"
    systemctl reload nginx
    # A master already running picks up the graceful-reload setting only on a reload.
    systemctl reload "php${HEARTH_PHP_VERSION}-fpm"
  else
    if _web_pid_alive /run/nginx.pid; then
      nginx -s reload
    else
      if _web_port_taken_by_other; then
        echo "port ${HEARTH_HTTP_PORT} is used by another program; nginx cannot listen on it" >&2
        return 1
      fi
      nginx
      touch /run/hearth/started-nginx 2>/dev/null || { mkdir -p /run/hearth && touch /run/hearth/started-nginx; }
    fi
    if ! _web_pid_alive "$fpm_pid"; then
      "$fpm" --daemonize
      mkdir -p /run/hearth && touch /run/hearth/started-php-fpm
    else
      kill -USR2 "$(cat "$fpm_pid")"
      sleep 1
    fi
  fi
  for _ in $(seq 1 100); do
    _web_pid_alive /run/nginx.pid && _web_pid_alive "$fpm_pid" && break
    sleep 0.1
  done
  _web_pid_alive /run/nginx.pid || { echo "nginx did not start" >&2; return 1; }
  _web_pid_alive "$fpm_pid" || { echo "$fpm did not start" >&2; return 1; }

  cat > /etc/hearth/agent.d/web.json <<EOF
{
  "web": {
    "enabled": true,
    "serviceControl": "${control}",
    "nginx": { "listen": ["${HEARTH_HTTP_PORT}", "[::]:${HEARTH_HTTP_PORT}"], "fastcgiParams": "/etc/nginx/hearth/fastcgi_params" },
    "php": { "versions": ["${HEARTH_PHP_VERSION}"], "defaultVersion": "${HEARTH_PHP_VERSION}" }
  }
}
EOF
  _web_set_env /etc/hearth/quickstart.env HEARTH_HTTP_PORT "${HEARTH_HTTP_PORT}"
  # The quickstart rewrites quickstart.env from QUICKSTART_VARS at its end.
  QUICKSTART_VARS+=(HEARTH_HTTP_PORT)
  echo "web: nginx on port ${HEARTH_HTTP_PORT} and ${fpm} running (service control: ${control})"
}

web_down() {
  # Stops only what web_up started itself (never a daemon systemd or the admin runs).
  if [ -f /run/hearth/started-nginx ]; then
    nginx -s quit 2>/dev/null || true
    rm -f /run/hearth/started-nginx
  fi
  if [ -f /run/hearth/started-php-fpm ]; then
    local fpm_pid="/run/php/php${HEARTH_PHP_VERSION}-fpm.pid"
    _web_pid_alive "$fpm_pid" && kill -QUIT "$(cat "$fpm_pid")" 2>/dev/null || true
    rm -f /run/hearth/started-php-fpm
  fi
}
