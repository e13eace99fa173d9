# Mail part of the quickstart: the system's Postfix (SMTP, virtual domains from texthash maps
# the agent writes) delivering by LMTP to the system's Dovecot (IMAP, users from the
# passwd-file the agent writes). Sourced by deploy/quickstart.sh, which calls mail_up /
# mail_down. Uses systemd when it runs; otherwise starts both daemons directly (each
# backgrounds itself and keeps its own pid file).
#
# Files (the agent's `mail` defaults, see packages/agent/src/mail/mail-config.ts):
#   /etc/postfix/vdomains, /etc/postfix/vmailbox      virtual domains and recipients (texthash: maps)
#   /etc/postfix/hearth-suspended                     "domain 450 ..." while an account is suspended
#   /etc/dovecot/users                                passwd-file: address:{SHA512-CRYPT}hash:uid:gid::maildir::
#   /etc/dovecot/hearth-suspended-domains             deny passdb keyed by domain
#   /var/mail/vdomains/{domain}/{local}/              maildirs, owned by the vmail user
#
# Settings (environment): HEARTH_SMTP_PORT (25), HEARTH_IMAP_PORT (143).
# Outputs: /etc/hearth/agent.d/mail.json (the agent's `mail` section) and HEARTH_SMTP_PORT,
# HEARTH_IMAP_PORT in /etc/hearth/quickstart.env (through QUICKSTART_VARS).

HEARTH_SMTP_PORT=${HEARTH_SMTP_PORT:-25}
HEARTH_IMAP_PORT=${HEARTH_IMAP_PORT:-143}
_MAIL_ETC=${ETC:-/etc/hearth}
_MAIL_ROOT=/var/mail/vdomains

_mail_has_systemd() {
  [ -d /run/systemd/system ]
}

_mail_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Keeps the distribution's file once, as <file>.hearth-orig, before Hearth's replaces it.
_mail_keep_original() {
  [ -f "$1" ] && [ ! -e "$1.hearth-orig" ] && cp -p "$1" "$1.hearth-orig"
  return 0
}

# A fully qualified name for the SMTP greeting (a bare host name makes Postfix refuse to start).
_mail_hostname() {
  local h; h=$(hostname -f 2>/dev/null || hostname)
  case "$h" in *.*) echo "$h" ;; *) echo "$h.localdomain" ;; esac
}

_mail_configure_postfix() {
  local m templates=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/deploy/postfix
  # Hearth writes the whole main.cf and master.cf (deploy/postfix): Debian's "No configuration"
  # leaves no main.cf at all, and an earlier configuration must not leak into this one.
  _mail_keep_original /etc/postfix/main.cf
  _mail_keep_original /etc/postfix/master.cf
  install -m 0644 "$templates/main.cf" /etc/postfix/main.cf
  {
    cat "$templates/master.cf"
    # Port 25 keeps the standard service name `smtp`.
    if [ "$HEARTH_SMTP_PORT" = 25 ]; then echo "smtp inet n - n - - smtpd"; else echo "$HEARTH_SMTP_PORT inet n - n - - smtpd"; fi
  } > /etc/postfix/master.cf.new && mv /etc/postfix/master.cf.new /etc/postfix/master.cf
  mkdir -p /var/log/hearth
  postconf -e \
    "myhostname = $(_mail_hostname)" \
    "maillog_file = /var/log/hearth/postfix.log" \
    "virtual_mailbox_domains = texthash:/etc/postfix/vdomains" \
    "virtual_mailbox_maps = texthash:/etc/postfix/vmailbox" \
    "virtual_transport = lmtp:unix:private/dovecot-lmtp" \
    "smtpd_recipient_restrictions = check_recipient_access texthash:/etc/postfix/hearth-suspended" \
    "smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination"
  # No permit_mynetworks for relaying: a domain Hearth does not host (or no longer hosts) is
  # refused with 5xx over SMTP even from this machine; local programs send through sendmail.
  # texthash: the agent's text files are the maps (read by each daemon as it starts; the
  # agent reloads Postfix after every change), so nothing is compiled; an earlier version's
  # compiled copies are dropped.
  for m in /etc/postfix/vdomains /etc/postfix/vmailbox /etc/postfix/hearth-suspended; do
    [ -f "$m" ] || install -m 0644 /dev/null "$m"
    rm -f "$m.db"
  done
  postfix set-permissions >/dev/null 2>&1 || true
  postfix check
}

_mail_configure_dovecot() {
  local uid gid
  uid=$(id -u vmail); gid=$(id -g vmail)
  [ -f /etc/dovecot/users ] || install -m 0640 -o root -g dovecot /dev/null /etc/dovecot/users
  chown root:dovecot /etc/dovecot/users; chmod 0640 /etc/dovecot/users
  [ -f /etc/dovecot/hearth-suspended-domains ] || install -m 0644 /dev/null /etc/dovecot/hearth-suspended-domains
  # A self-signed certificate keeps IMAP's STARTTLS working until a real one replaces it.
  if [ ! -s /etc/dovecot/private/hearth.pem ] || [ ! -s /etc/dovecot/private/hearth.key ]; then
    install -d -m 0700 /etc/dovecot/private
    (umask 077; openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$(_mail_hostname)" \
      -keyout /etc/dovecot/private/hearth.key -out /etc/dovecot/private/hearth.pem 2>/dev/null)
  fi
  # Hearth writes the whole dovecot.conf (no conf.d includes): only Hearth's users log in,
  # never the system's accounts through PAM, whatever the distribution's defaults say.
  _mail_keep_original /etc/dovecot/dovecot.conf
  cat > /etc/dovecot/dovecot.conf.new <<EOF
# Written by Hearth quickstart (deploy/lib/mail.sh): mailboxes from the agent's files.
protocols = imap lmtp
listen = *
log_path = /var/log/hearth/dovecot.log
ssl = yes
ssl_cert = </etc/dovecot/private/hearth.pem
ssl_key = </etc/dovecot/private/hearth.key
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~
# Mailbox quotas (userdb_quota_rule in the users file, from each mailbox's quota_mb): a
# delivery to a full mailbox is refused (LMTP 552 "Quota exceeded"), so the sender is told.
mail_plugins = \$mail_plugins quota
protocol imap {
  mail_plugins = \$mail_plugins imap_quota
}
plugin {
  quota = maildir:User quota
  quota_full_tempfail = no
}
first_valid_uid = $uid
last_valid_uid = $uid
first_valid_gid = $gid
last_valid_gid = $gid
# A suspended account's domain is listed here: every login at it fails.
passdb {
  driver = passwd-file
  args = username_format=%d /etc/dovecot/hearth-suspended-domains
  deny = yes
}
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT username_format=%u /etc/dovecot/users
}
userdb {
  driver = passwd-file
  args = username_format=%u /etc/dovecot/users
}
service imap-login {
  inet_listener imap {
    port = $HEARTH_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  unix_listener /var/spool/postfix/private/dovecot-lmtp {
    mode = 0600
    user = postfix
    group = postfix
  }
}
EOF
  mv /etc/dovecot/dovecot.conf.new /etc/dovecot/dovecot.conf
  rm -f /etc/dovecot/conf.d/99-hearth.conf
  doveconf -n >/dev/null
}

mail_up() {
  [[ $HEARTH_SMTP_PORT =~ ^[0-9]{1,5}$ ]] || { echo "HEARTH_SMTP_PORT must be a port number" >&2; return 1; }
  [[ $HEARTH_IMAP_PORT =~ ^[0-9]{1,5}$ ]] || { echo "HEARTH_IMAP_PORT must be a port number" >&2; return 1; }
  getent group vmail >/dev/null || groupadd --system vmail
  getent passwd vmail >/dev/null || useradd --system --gid vmail --home-dir "$_MAIL_ROOT" --no-create-home --shell /usr/sbin/nologin vmail
  install -d -m 0750 -o vmail -g vmail "$_MAIL_ROOT"

  _mail_configure_postfix
  _mail_configure_dovecot

  if _mail_has_systemd; then
    systemctl enable postfix dovecot >/dev/null 2>&1 || true
    systemctl restart postfix dovecot
  else
    postfix check
    if postfix status >/dev/null 2>&1; then postfix reload; else postfix start; fi
    if [ -f /run/dovecot/master.pid ] && kill -0 "$(cat /run/dovecot/master.pid)" 2>/dev/null; then
      doveadm reload
    else
      dovecot
    fi
  fi
  for _ in $(seq 1 50); do _mail_port_open "$HEARTH_SMTP_PORT" && _mail_port_open "$HEARTH_IMAP_PORT" && break; sleep 0.2; done
  _mail_port_open "$HEARTH_SMTP_PORT" || { echo "Postfix does not answer on port $HEARTH_SMTP_PORT; see /var/log/hearth/postfix.log" >&2; tail -n 20 /var/log/hearth/postfix.log >&2 2>/dev/null; return 1; }
  _mail_port_open "$HEARTH_IMAP_PORT" || { echo "Dovecot does not answer on port $HEARTH_IMAP_PORT; see /var/log/hearth/dovecot.log" >&2; tail -n 20 /var/log/hearth/dovecot.log >&2 2>/dev/null; return 1; }

  mkdir -p "$_MAIL_ETC/agent.d"
  (umask 077; cat > "$_MAIL_ETC/agent.d/mail.json" <<EOF
{ "mail": {
  "enabled": true,
  "vmailboxFile": "/etc/postfix/vmailbox",
  "vdomainsFile": "/etc/postfix/vdomains",
  "suspendedMapFile": "/etc/postfix/hearth-suspended",
  "dovecotUsersFile": "/etc/dovecot/users",
  "dovecotSuspendedFile": "/etc/dovecot/hearth-suspended-domains",
  "dovecotGroup": "dovecot",
  "maildirRoot": "$_MAIL_ROOT",
  "vmailUser": "vmail",
  "postfixPath": "/usr/sbin/postfix",
  "postfixConfigDir": "/etc/postfix"
} }
EOF
)
  export HEARTH_SMTP_PORT HEARTH_IMAP_PORT
  QUICKSTART_VARS+=(HEARTH_SMTP_PORT HEARTH_IMAP_PORT)
}

mail_down() {
  if _mail_has_systemd; then
    systemctl stop postfix dovecot 2>/dev/null || true
  else
    postfix stop 2>/dev/null || true
    if [ -f /run/dovecot/master.pid ]; then
      local pid; pid=$(cat /run/dovecot/master.pid)
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
}
