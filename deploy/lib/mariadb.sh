# The system MariaDB: started directly when no service manager runs it.
mariadb_running() {
  mariadb-admin --protocol=socket ping >/dev/null 2>&1
}

mariadb_up() {
  mariadb_running && return 0
  if [ -d /run/systemd/system ]; then
    systemctl start mariadb
  else
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
    setsid mariadbd --user=mysql >/var/log/hearth/mariadb.log 2>&1 < /dev/null &
    touch /run/hearth/started-mariadb
  fi
  for _ in $(seq 1 120); do mariadb_running && return 0; sleep 0.5; done
  echo "MariaDB did not start; see /var/log/hearth/mariadb.log" >&2
  return 1
}

mariadb_down() {
  if [ -f /run/hearth/started-mariadb ]; then
    mariadb-admin --protocol=socket shutdown 2>/dev/null || true
    rm -f /run/hearth/started-mariadb
  fi
}
