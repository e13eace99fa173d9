# systemd units of Hearth's long-running processes (deploy/systemd/*.service). Sourced by
# deploy/quickstart.sh; used only when systemd is PID 1 (without it, quickstart starts the
# same programs in the background with pid files under /run/hearth).

# install_unit NAME: installs deploy/systemd/NAME.service with this installation's prefix
# and node binary. Callers run `systemctl daemon-reload` once afterwards.
install_unit() {
  local name=$1 node
  node=$(command -v node)
  sed -e "s#/opt/hearth#$PREFIX#g" -e "s#/usr/bin/node #$node #g" "$REPO/deploy/systemd/$name.service" \
    > "/etc/systemd/system/$name.service.new"
  chmod 0644 "/etc/systemd/system/$name.service.new"
  mv "/etc/systemd/system/$name.service.new" "/etc/systemd/system/$name.service"
}
