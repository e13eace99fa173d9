# FTP and Web Disk part of the quickstart (subaccounts, issue 9), plus the root `uapi`
# command. Sourced by deploy/quickstart.sh, which calls ftp_up / ftp_down.
#
# - pure-ftpd (Debian's) with virtual users only (under systemd: hearth-ftpd.service): the agent writes
#   /etc/pure-ftpd/pureftpd.passwd and compiles /etc/pure-ftpd/pureftpd.pdb; every login
#   is chrooted (-A) to its directory inside the hosting account's home and writes files
#   as that account's uid/gid. Control and passive ports on 127.0.0.1 only.
# - hearth-webdisk (under systemd: hearth-webdisk.service): WebDAV over HTTPS for Web Disk logins (users file
#   /etc/hearth/webdisk.users, written by the agent), with a self-signed certificate
#   made here unless /etc/hearth/webdisk/{cert,key}.pem exist.
# - /usr/local/bin/uapi and /usr/local/bin/hearth-uapi: cPanel's `uapi` for root.
#
# Settings (environment): HEARTH_FTP_PORT (21), HEARTH_FTP_PASSIVE (30000:30049),
# HEARTH_WEBDISK_PORT (2078). Outputs: /etc/hearth/agent.d/ftp.json (the agent's `ftp`
# and `webdisk` sections) and HEARTH_FTP_PORT, HEARTH_WEBDISK_PORT in quickstart.env.

HEARTH_FTP_PORT=${HEARTH_FTP_PORT:-21}
HEARTH_FTP_PASSIVE=${HEARTH_FTP_PASSIVE:-30000:30049}
HEARTH_WEBDISK_PORT=${HEARTH_WEBDISK_PORT:-2078}
_FTP_ETC=${ETC:-/etc/hearth}
_FTP_RUN=${RUN:-/run/hearth}

ftp_up() {
  command -v pure-ftpd >/dev/null || { echo "pure-ftpd is not installed (deploy/lib/packages.sh installs it)" >&2; return 1; }
  install -d -m 0755 /etc/pure-ftpd
  [ -f /etc/pure-ftpd/pureftpd.passwd ] || install -m 0600 /dev/null /etc/pure-ftpd/pureftpd.passwd
  pure-pw mkdb /etc/pure-ftpd/pureftpd.pdb -f /etc/pure-ftpd/pureftpd.passwd
  # Debian's own instance (port 21 on every address, PAM logins) must not run beside ours.
  # `disable --now` of its SysV-generated unit can fail and leave it running; a running or
  # later-started pure-ftpd.service stops hearth-ftpd through Conflicts= (seen on a fresh root).
  if [ -d /run/systemd/system ]; then
    systemctl stop pure-ftpd >/dev/null 2>&1 || true
    systemctl mask pure-ftpd >/dev/null 2>&1 || true
  fi
  # The same arguments for both ways of running it: hearth-ftpd.service reads them from here.
  (umask 022; printf 'HEARTH_FTP_PORT=%s\nHEARTH_FTP_PASSIVE=%s\n' "$HEARTH_FTP_PORT" "$HEARTH_FTP_PASSIVE" > "$_FTP_ETC/ftpd.env")
  stop_pidfile "$_FTP_RUN/pure-ftpd.pid"
  if [ -d /run/systemd/system ]; then
    install_unit hearth-ftpd
  else
    pure-ftpd -l puredb:/etc/pure-ftpd/pureftpd.pdb -S "127.0.0.1,$HEARTH_FTP_PORT" -p "$HEARTH_FTP_PASSIVE" \
      -P 127.0.0.1 -E -A -H -4 -u 1000 -B -g "$_FTP_RUN/pure-ftpd.pid"
  fi

  install -d -m 0700 "$_FTP_ETC/webdisk"
  if [ ! -s "$_FTP_ETC/webdisk/cert.pem" ] || [ ! -s "$_FTP_ETC/webdisk/key.pem" ]; then
    (umask 077; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
      -subj "/CN=$(hostname -f 2>/dev/null || hostname)" -keyout "$_FTP_ETC/webdisk/key.pem" -out "$_FTP_ETC/webdisk/cert.pem" 2>/dev/null)
  fi
  [ -f "$_FTP_ETC/webdisk.users" ] || install -m 0600 /dev/null "$_FTP_ETC/webdisk.users"
  # Earlier releases kept Web Disk limits in a file of their own; the agent's account records hold them now.
  rm -f "$_FTP_ETC/webdisk.quota"
  # The Web Disk HTTP front runs as its own unprivileged user (the launcher stays root).
  id hearth-webdisk >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hearth-webdisk
  (umask 077; cat > "$_FTP_ETC/webdisk.json" <<JSON
{ "host": "127.0.0.1", "port": $HEARTH_WEBDISK_PORT, "certFile": "$_FTP_ETC/webdisk/cert.pem",
  "keyFile": "$_FTP_ETC/webdisk/key.pem", "usersFile": "$_FTP_ETC/webdisk.users",
  "agentStateDir": "/var/lib/hearth", "user": "hearth-webdisk", "stateDir": "/var/lib/hearth-webdisk" }
JSON
)
  stop_pidfile "$_FTP_RUN/webdisk.pid"
  if [ -d /run/systemd/system ]; then
    # Supervised and restarted on failure by systemd (deploy/systemd/hearth-{ftpd,webdisk}.service).
    install_unit hearth-webdisk
    systemctl daemon-reload
    systemctl enable hearth-ftpd hearth-webdisk >/dev/null 2>&1
    systemctl restart hearth-ftpd hearth-webdisk
  else
    start_daemon "$_FTP_RUN/webdisk.pid" /var/log/hearth/webdisk.log node "$PREFIX/packages/agent/dist/webdisk/webdisk-main.js" "$_FTP_ETC/webdisk.json"
  fi

  cat > "$_FTP_ETC/agent.d/ftp.json" <<JSON
{ "ftp": { "enabled": true, "passwdFile": "/etc/pure-ftpd/pureftpd.passwd", "pdbFile": "/etc/pure-ftpd/pureftpd.pdb", "publicPort": $HEARTH_FTP_PORT },
  "webdisk": { "enabled": true, "usersFile": "$_FTP_ETC/webdisk.users" } }
JSON

  local bin
  for bin in uapi hearth-uapi; do
    install -m 0755 /dev/stdin "/usr/local/bin/$bin" <<SH
#!/bin/sh
exec node $PREFIX/packages/cli/dist/uapi.js "\$@"
SH
  done
  QUICKSTART_VARS+=(HEARTH_FTP_PORT HEARTH_WEBDISK_PORT)
}

ftp_down() {
  if [ -d /run/systemd/system ]; then systemctl stop hearth-webdisk hearth-ftpd 2>/dev/null || true; fi
  stop_pidfile "$_FTP_RUN/webdisk.pid"
  stop_pidfile "$_FTP_RUN/pure-ftpd.pid"
}
