# npm ci only when package-lock.json changed since the last install: re-runs stay fast
# and never pull node_modules from under a running process.
npm_install_locked() {
  local stamp=node_modules/.hearth-lock-sha256 want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
}
