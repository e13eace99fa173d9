# Web part of the quickstart: the system's own nginx (port 80) and PHP 8.2 FPM.
# Sourced by deploy/quickstart.sh, which calls web_up / web_down. Uses systemd when it
# runs; otherwise starts the daemons directly (they write their own pid files, which is
# what the agent signals in "direct" service-control mode).
#
# Outputs: /etc/hearth/agent.d/web.json (the agent's `web` config section) and
# HEARTH_HTTP_PORT in /etc/hearth/quickstart.env (also appended to QUICKSTART_VARS).

HEARTH_PHP_VERSION=${HEARTH_PHP_VERSION:-8.2}
HEARTH_HTTP_PORT=${HEARTH_HTTP_PORT:-80}
# PHP-FPM masters sharing the accounts' pools (agent web.php.shards; 1 = Debian's own master).
HEARTH_PHP_SHARDS=${HEARTH_PHP_SHARDS:-}

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
    # Empty: vhosts written by earlier versions name their certificate as
    # ".../fullchain.pem\$hearth_load_at_handshake" so that nginx loads it at the TLS
    # handshake. Vhosts written now name none: the agent's HTTPS entry loads it (docs/tls.md).
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

# Whether accounts' pools exist already (in Debian's master or in Hearth's shards).
_web_has_pools() {
  local v=$HEARTH_PHP_VERSION f
  for f in "/etc/php/$v/fpm/pool.d/"*.conf /etc/hearth/php/"$v"/shard-*/pool.d/*.conf; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in www.conf|00-hearth-graceful-reload.conf) continue ;; esac
    return 0
  done
  return 1
}

# Without HEARTH_PHP_SHARDS: one master per 256 MB of memory, from 4 to 64. A create or delete
# re-executes one master, which costs about 1.2 ms more per pool it holds; an idle master costs
# about 7 MB (PSS). At 1,000 accounts a lone create's PHP-FPM work grew by 12–36 ms over an
# empty server's with 64 masters, by about 105 ms with 16 (bench/README.md, fourteenth pass);
# memory is what bounds how many a machine can afford, and about 3 % of it is spent on them here.
_web_default_shards() {
  local kb n
  kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)
  [[ "$kb" =~ ^[0-9]+$ ]] || { echo 16; return; }
  n=$((kb / 262144))
  ((n < 4)) && n=4
  ((n > 64)) && n=64
  echo "$n"
}

# How many PHP-FPM masters share the pools: HEARTH_PHP_SHARDS, else _web_default_shards. A
# create or delete reloads one of them, which re-parses only its pools and waits only for its
# own slow requests (docs/web.md). An installation with pools keeps the number it has (a pool
# stays in the master that holds it).
_web_php_shards() {
  local wanted=${HEARTH_PHP_SHARDS:-$(_web_default_shards)} stored=0
  [[ "$wanted" =~ ^[0-9]{1,2}$ ]] && [ "$wanted" -ge 1 ] && [ "$wanted" -le 64 ] \
    || { echo "HEARTH_PHP_SHARDS must be a number from 1 to 64" >&2; return 1; }
  [ -f /etc/hearth/agent.d/web.json ] && stored=$(node -e \
    'try{const p=require(process.argv[1]).web.php||{};process.stdout.write(String(p.shards||1))}catch{process.stdout.write("1")}' \
    /etc/hearth/agent.d/web.json)
  if [ "$stored" -gt 0 ] && [ "$stored" != "$wanted" ] && _web_has_pools; then
    [ -n "$HEARTH_PHP_SHARDS" ] && echo "web: keeping ${stored} PHP-FPM master(s): accounts' pools exist" >&2
    wanted=$stored
  fi
  echo "$wanted"
}

_web_shard_dir() { echo "/etc/hearth/php/${HEARTH_PHP_VERSION}/shard-$1"; }
_web_shard_pid() { echo "/run/php/hearth-php${HEARTH_PHP_VERSION}-fpm-$1.pid"; }

# Each master's own main file: its pid, log and pool directory, and an idle pool
# (PHP-FPM refuses to start without one; it never runs a process).
_web_write_fpm_shards() {
  local v=$HEARTH_PHP_VERSION fpm="php-fpm${HEARTH_PHP_VERSION}" s dir
  for ((s = 0; s < PHP_SHARDS; s++)); do
    dir=$(_web_shard_dir "$s")
    install -d -m 0755 "$dir" "$dir/pool.d"
    cat > "$dir/php-fpm.conf.new" <<EOF
; Written by Hearth quickstart (deploy/lib/web.sh): PHP-FPM ${v} master ${s} of ${PHP_SHARDS}.
[global]
pid = $(_web_shard_pid "$s")
error_log = /var/log/hearth/php${v}-fpm-${s}.log
; A reload (SIGUSR2) lets busy workers finish their request; with the default 0 the
; master kills them and their sites answer 502. The agent's reloadTimeoutMs is above it.
process_control_timeout = 10s
include = ${dir}/pool.d/*.conf

[hearth-idle-${s}]
user = www-data
group = www-data
listen = /run/php/hearth-idle-${v}-${s}.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0600
pm = ondemand
pm.max_children = 1
EOF
    mv "$dir/php-fpm.conf.new" "$dir/php-fpm.conf"
    "$fpm" -t -y "$dir/php-fpm.conf" >/dev/null 2>&1 || { echo "$fpm -t failed; see: $fpm -t -y $dir/php-fpm.conf" >&2; return 1; }
  done
}

_web_start_fpm_shards() {
  local v=$HEARTH_PHP_VERSION fpm="php-fpm${HEARTH_PHP_VERSION}" s unit pid
  if _web_has_systemd; then
    sed "s/@PHP_VERSION@/${v}/g" "${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/deploy/systemd/hearth-php-fpm@.service" \
      > "/etc/systemd/system/hearth-php${v}-fpm@.service"
    systemctl daemon-reload
    local inactive=()
    for ((s = 0; s < PHP_SHARDS; s++)); do
      unit="hearth-php${v}-fpm@${s}"
      # Running already: a reload picks up a changed main file without dropping requests.
      if systemctl is-active --quiet "$unit"; then systemctl reload "$unit"; else inactive+=("$unit"); fi
    done
    # One call for all of them: systemd starts them in parallel (up to 64 on a large machine).
    [ "${#inactive[@]}" -eq 0 ] || systemctl enable --now "${inactive[@]}" >/dev/null 2>&1
    return
  fi
  mkdir -p /run/hearth
  for ((s = 0; s < PHP_SHARDS; s++)); do
    pid=$(_web_shard_pid "$s")
    if _web_pid_alive "$pid"; then kill -USR2 "$(cat "$pid")"; sleep 0.2; continue; fi
    "$fpm" -y "$(_web_shard_dir "$s")/php-fpm.conf"
    echo "$pid" >> /run/hearth/started-php-fpm-shards
  done
}

web_up() {
  local fpm="php-fpm${HEARTH_PHP_VERSION}"
  local fpm_pid="/run/php/php${HEARTH_PHP_VERSION}-fpm.pid"
  local control=direct
  _web_has_systemd && control=systemd
  PHP_SHARDS=$(_web_php_shards) || return 1

  # Served by nginx (www-data), so not under the agent's private /var/lib/hearth.
  install -d -m 0755 /var/lib/hearth-web /var/lib/hearth-web/acme-challenge /var/lib/hearth-web/pages
  mkdir -p /run/php /etc/hearth/agent.d /var/log/hearth

  _web_write_nginx_conf
  nginx -t -q || { echo "nginx -t failed; fix /etc/nginx before running the quickstart" >&2; return 1; }
  if [ "$PHP_SHARDS" -gt 1 ]; then
    _web_write_fpm_shards || return 1
  else
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
    "$fpm" -t >/dev/null 2>&1 || { echo "$fpm -t failed; see: $fpm -t" >&2; return 1; }
  fi

  if _web_has_systemd; then
    systemctl enable --now nginx >/dev/null 2>&1
    systemctl reload nginx
    if [ "$PHP_SHARDS" -eq 1 ]; then
      systemctl enable --now "php${HEARTH_PHP_VERSION}-fpm"
      # A master already running picks up the graceful-reload setting only on a reload.
      systemctl reload "php${HEARTH_PHP_VERSION}-fpm"
    fi
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
    if [ "$PHP_SHARDS" -eq 1 ]; then
      if ! _web_pid_alive "$fpm_pid"; then
        "$fpm" --daemonize
        mkdir -p /run/hearth && touch /run/hearth/started-php-fpm
      else
        kill -USR2 "$(cat "$fpm_pid")"
        sleep 1
      fi
    fi
  fi
  local pids=("$fpm_pid") s
  if [ "$PHP_SHARDS" -gt 1 ]; then
    _web_start_fpm_shards
    pids=()
    for ((s = 0; s < PHP_SHARDS; s++)); do pids+=("$(_web_shard_pid "$s")"); done
  fi
  for _ in $(seq 1 100); do
    _web_pid_alive /run/nginx.pid && _web_all_alive "${pids[@]}" && break
    sleep 0.1
  done
  _web_pid_alive /run/nginx.pid || { echo "nginx did not start" >&2; return 1; }
  _web_all_alive "${pids[@]}" || { echo "$fpm did not start (${pids[*]}); see /var/log/hearth/php${HEARTH_PHP_VERSION}-fpm-*.log" >&2; return 1; }

  local php_shards=''
  if [ "$PHP_SHARDS" -gt 1 ]; then
    php_shards=", \"shards\": ${PHP_SHARDS},
      \"mainConfigPattern\": \"/etc/hearth/php/{version}/shard-{shard}/php-fpm.conf\",
      \"poolDirPattern\": \"/etc/hearth/php/{version}/shard-{shard}/pool.d\",
      \"pidFilePattern\": \"/run/php/hearth-php{version}-fpm-{shard}.pid\",
      \"systemdUnitPattern\": \"hearth-php{version}-fpm@{shard}\""
  fi
  cat > /etc/hearth/agent.d/web.json <<EOF
{
  "web": {
    "enabled": true,
    "serviceControl": "${control}",
    "nginx": { "listen": ["${HEARTH_HTTP_PORT}", "[::]:${HEARTH_HTTP_PORT}"], "fastcgiParams": "/etc/nginx/hearth/fastcgi_params" },
    "php": { "versions": ["${HEARTH_PHP_VERSION}"], "defaultVersion": "${HEARTH_PHP_VERSION}"${php_shards} }
  }
}
EOF
  _web_set_env /etc/hearth/quickstart.env HEARTH_HTTP_PORT "${HEARTH_HTTP_PORT}"
  # The quickstart rewrites quickstart.env from QUICKSTART_VARS at its end.
  QUICKSTART_VARS+=(HEARTH_HTTP_PORT)
  echo "web: nginx on port ${HEARTH_HTTP_PORT}, ${PHP_SHARDS} ${fpm} master(s) (service control: ${control})"
}

_web_all_alive() {
  local p
  for p in "$@"; do _web_pid_alive "$p" || return 1; done
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
  if [ -f /run/hearth/started-php-fpm-shards ]; then
    local pid
    while read -r pid; do
      _web_pid_alive "$pid" && kill -QUIT "$(cat "$pid")" 2>/dev/null || true
    done < /run/hearth/started-php-fpm-shards
    rm -f /run/hearth/started-php-fpm-shards
  fi
}
