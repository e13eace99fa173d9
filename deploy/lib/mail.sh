# Mail part of the quickstart: the system's Postfix (SMTP, virtual domains from hash maps
# the agent writes) delivering by LMTP to the system's Dovecot (IMAP, users from the
# passwd-file the agent writes). Sourced by deploy/quickstart.sh, which calls mail_up /
# mail_down. Uses systemd when it runs; otherwise starts both daemons directly (each
# backgrounds itself and keeps its own pid file).
#
# Files (the agent's `mail` defaults, see packages/agent/src/mail/mail-config.ts):
#   /etc/postfix/vdomains, /etc/postfix/vmailbox      virtual domains and recipients (postmap'd)
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
_MAIL_DOVECOT_CONF=/etc/dovecot/conf.d/99-hearth.conf

_mail_has_systemd() {
  [ -d /run/systemd/system ]
}

_mail_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_mail_configure_postfix() {
  local m
  for m in /etc/postfix/vdomains /etc/postfix/vmailbox /etc/postfix/hearth-suspended; do
    [ -f "$m" ] || install -m 0644 /dev/null "$m"
    postmap "hash:$m"
  done
  postconf -e \
    "virtual_mailbox_domains = hash:/etc/postfix/vdomains" \
    "virtual_mailbox_maps = hash:/etc/postfix/vmailbox" \
    "virtual_transport = lmtp:unix:private/dovecot-lmtp" \
    "smtpd_recipient_restrictions = check_recipient_access hash:/etc/postfix/hearth-suspended" \
    "smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination" \
    "inet_protocols = ipv4" \
    "smtputf8_enable = no"
  # No permit_mynetworks for relaying: a domain Hearth does not host (or no longer hosts) is
  # refused with 5xx over SMTP even from this machine; local programs send through sendmail.
  if ! postconf -h myhostname | grep -q '\.'; then postconf -e "myhostname = $(hostname).localdomain"; fi
  # The SMTP listener: the standard `smtp` service, or a numbered one for another port.
  if [ "$HEARTH_SMTP_PORT" = 25 ]; then
    postconf -M smtp/inet >/dev/null 2>&1 || postconf -M "smtp/inet=smtp inet n - y - - smtpd"
  else
    postconf -MX smtp/inet 2>/dev/null || true
    postconf -M "$HEARTH_SMTP_PORT/inet=$HEARTH_SMTP_PORT inet n - y - - smtpd"
  fi
}

_mail_configure_dovecot() {
  local uid gid
  uid=$(id -u vmail); gid=$(id -g vmail)
  [ -f /etc/dovecot/users ] || install -m 0640 -o root -g dovecot /dev/null /etc/dovecot/users
  chown root:dovecot /etc/dovecot/users; chmod 0640 /etc/dovecot/users
  [ -f /etc/dovecot/hearth-suspended-domains ] || install -m 0644 /dev/null /etc/dovecot/hearth-suspended-domains
  # Debian's 10-ssl.conf expects a certificate its postinst makes only when ssl-cert is
  # installed: a self-signed one keeps IMAP's STARTTLS working until a real one replaces it.
  if [ ! -s /etc/dovecot/private/dovecot.pem ] || [ ! -s /etc/dovecot/private/dovecot.key ]; then
    install -d -m 0700 /etc/dovecot/private
    (umask 077; openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$(hostname)" \
      -keyout /etc/dovecot/private/dovecot.key -out /etc/dovecot/private/dovecot.pem 2>/dev/null)
  fi
  # Only Hearth's users log in: not the system's accounts through PAM.
  sed -i 's/^!include auth-system.conf.ext/#&/' /etc/dovecot/conf.d/10-auth.conf
  cat > "$_MAIL_DOVECOT_CONF" <<EOF
# Written by Hearth quickstart (deploy/lib/mail.sh): mailboxes from the agent's files.
protocols = imap lmtp
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
}
service lmtp {
  unix_listener /var/spool/postfix/private/dovecot-lmtp {
    mode = 0600
    user = postfix
    group = postfix
  }
}
EOF
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
  _mail_port_open "$HEARTH_SMTP_PORT" || { echo "Postfix does not answer on port $HEARTH_SMTP_PORT" >&2; return 1; }
  _mail_port_open "$HEARTH_IMAP_PORT" || { echo "Dovecot does not answer on port $HEARTH_IMAP_PORT; see /var/log/dovecot.log or syslog" >&2; return 1; }

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
  "postmapPath": "/usr/sbin/postmap",
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
