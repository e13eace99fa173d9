# TLS part of the quickstart: the agent's `tls` config section (ACME certificates for every
# site, HTTPS server blocks, renewals). Sourced by deploy/quickstart.sh, which calls
# tls_up / tls_down.
#
# Certificates are only requested when HEARTH_ACME_DIRECTORY names an ACME directory the
# machine can reach (Let's Encrypt needs a public address and DNS pointing at it). Without
# it the TLS module still runs: uploaded certificates (PUT /api/v1/accounts/{id}/tls) are
# served, and GET …/tls says "none".
#
#   HEARTH_ACME_DIRECTORY   e.g. https://acme-staging-v02.api.letsencrypt.org/directory ('' = no issuance)
#   HEARTH_ACME_EMAIL       contact address for the ACME account (optional)
#   HEARTH_ACME_CA_BUNDLE   PEM file of extra roots to trust for the directory (optional, e.g. a private CA)
#   HEARTH_HTTPS_PORT       port of the HTTPS server blocks (default 443)
#   HEARTH_HTTPS_REDIRECT   true|false: HTTP answers 301 to HTTPS once a site has a certificate (default true)
#
# Output: /etc/hearth/agent.d/tls.json.

HEARTH_ACME_DIRECTORY=${HEARTH_ACME_DIRECTORY:-}
HEARTH_ACME_EMAIL=${HEARTH_ACME_EMAIL:-}
HEARTH_ACME_CA_BUNDLE=${HEARTH_ACME_CA_BUNDLE:-}
HEARTH_HTTPS_PORT=${HEARTH_HTTPS_PORT:-443}
HEARTH_HTTPS_REDIRECT=${HEARTH_HTTPS_REDIRECT:-true}

tls_up() {
  # Values go into JSON and the agent validates them again; refuse anything odd here already.
  local url_re='^https://[]A-Za-z0-9.:[-]+(/[A-Za-z0-9._~/%-]*)?$'
  if [ -n "$HEARTH_ACME_DIRECTORY" ] && ! [[ "$HEARTH_ACME_DIRECTORY" =~ $url_re ]]; then
    echo "HEARTH_ACME_DIRECTORY must be an https:// URL" >&2; return 1
  fi
  if [ -n "$HEARTH_ACME_EMAIL" ] && ! [[ "$HEARTH_ACME_EMAIL" =~ ^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,63}$ ]]; then
    echo "HEARTH_ACME_EMAIL is not an email address" >&2; return 1
  fi
  if [ -n "$HEARTH_ACME_CA_BUNDLE" ] && ! { [[ "$HEARTH_ACME_CA_BUNDLE" =~ ^/[A-Za-z0-9._/-]+$ ]] && [ -r "$HEARTH_ACME_CA_BUNDLE" ]; }; then
    echo "HEARTH_ACME_CA_BUNDLE must be a readable absolute path" >&2; return 1
  fi
  [[ "$HEARTH_HTTPS_PORT" =~ ^[0-9]{1,5}$ ]] || { echo "HEARTH_HTTPS_PORT must be a port number" >&2; return 1; }
  [[ "$HEARTH_HTTPS_REDIRECT" =~ ^(true|false)$ ]] || { echo "HEARTH_HTTPS_REDIRECT must be true or false" >&2; return 1; }

  install -d -m 0755 /etc/letsencrypt
  # nginx's workers (www-data) load each site's key at the TLS handshake (docs/tls.md).
  install -d -m 0710 -o root -g www-data /etc/letsencrypt/live
  local auto=false
  [ -n "$HEARTH_ACME_DIRECTORY" ] && auto=true
  cat > /etc/hearth/agent.d/tls.json <<EOF_TLS
{
  "tls": {
    "enabled": true,
    "autoIssue": ${auto},
    "directoryUrl": "${HEARTH_ACME_DIRECTORY}",
    "contactEmail": "${HEARTH_ACME_EMAIL}",
    "caBundle": "${HEARTH_ACME_CA_BUNDLE}",
    "liveRoot": "/etc/letsencrypt/live",
    "https": { "listen": ["${HEARTH_HTTPS_PORT}", "[::]:${HEARTH_HTTPS_PORT}"], "redirect": ${HEARTH_HTTPS_REDIRECT} }
  }
}
EOF_TLS
  QUICKSTART_VARS+=(HEARTH_HTTPS_PORT)
  if [ "$auto" = true ]; then
    echo "tls: certificates from ${HEARTH_ACME_DIRECTORY}, HTTPS on port ${HEARTH_HTTPS_PORT}"
  else
    echo "tls: no ACME CA configured (set HEARTH_ACME_DIRECTORY to issue); uploaded certificates are served on port ${HEARTH_HTTPS_PORT}"
  fi
}

tls_down() {
  # Nothing of its own runs: certificates are the agent's work, and it is stopped already.
  :
}
