# Debian packages Hearth needs: the daemons it drives and the tools its agent runs.
HEARTH_DEBIAN_PACKAGES=(
  mariadb-server mariadb-client
  nginx php8.2-fpm php8.2-cli
  php8.2-curl  # php-cli runs the WHMCS module in its tests (test/integration/whmcs-module.test.ts)
  pdns-server pdns-backend-mysql dnsutils
  postfix dovecot-core dovecot-imapd dovecot-lmtpd
  pure-ftpd
  pebble openssl curl ca-certificates
  procps psmisc e2fsprogs passwd util-linux quota iproute2 hostname
  cron  # crontab(1): the isolation tests install a customer's crontab as the customer (test/integration/isolation-cron.test.ts)
  python3
  litmus rclone
  chromium  # headless, for the web panel's browser tests (test/browser, playwright-core)
)

# Installs whatever is missing (apt-get update only when something is).
install_debian_packages() {
  local missing=()
  for p in "${HEARTH_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Postfix asks how to configure itself; Hearth configures it later.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}
