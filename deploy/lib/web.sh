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

web_up() {
  local fpm="php-fpm${HEARTH_PHP_VERSION}"
  local fpm_pid="/run/php/php${HEARTH_PHP_VERSION}-fpm.pid"
  local control=direct
  _web_has_systemd && control=systemd

  # Served by nginx (www-data), so not under the agent's private /var/lib/hearth.
  install -d -m 0755 /var/lib/hearth-web /var/lib/hearth-web/acme-challenge /var/lib/hearth-web/pages
  mkdir -p /run/php /etc/hearth/agent.d /var/log/hearth

  # Many vhosts with long names need bigger server-name hash buckets than the default.
  cat > /etc/nginx/conf.d/hearth.conf <<'EOF'
# Written by Hearth quickstart.
server_names_hash_bucket_size 128;
server_names_hash_max_size 8192;
EOF
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
    "nginx": { "listen": ["${HEARTH_HTTP_PORT}", "[::]:${HEARTH_HTTP_PORT}"] },
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
