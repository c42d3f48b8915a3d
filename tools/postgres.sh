#!/usr/bin/env bash
# The archive on PostgreSQL, for its tests: a server, a role and a database,
# then the test suite against them. CI runs it (.ci/run); so can a developer:
#
#   tools/postgres.sh test [PYTEST ARGS…]   the suite on PostgreSQL (make test-postgres)
#   eval "$(tools/postgres.sh env)"         DATABASE_URL… in this shell, for one test file
#   tools/postgres.sh stop                  stop the cluster this script started
#
# With DATABASE_URL already set, that server is used as it is (its role needs
# CREATEDB: the tests create test_<name> and a database per subprocess test).
# Otherwise a cluster of the archive's own, on port ARCHIVE_PG_PORT (5433):
# - as root, Debian's: `postgresql` installed with apt-get when missing, a
#   cluster "archive" (pg_createcluster), run by the postgres user;
# - as anyone else, in var/postgres with the installed server's initdb.
# Every step checks first, so a second run changes nothing: CI keeps no state.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${ARCHIVE_PG_PORT:-5433}
ROLE=archive
PASSWORD=archive   # a test server on the loopback interface only
NAME=archive
CLUSTER=archive
PRIVATE=var/postgres

say() { echo "postgres.sh: $*" >&2; }

newest_version() {
	ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1
}

install_server() {
	if [ -n "$(newest_version)" ] && command -v pg_createcluster >/dev/null; then
		return
	fi
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
		say "no PostgreSQL server here: apt-get install postgresql (as root), or set DATABASE_URL"
		exit 1
	fi
	say "installing Debian's postgresql"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		postgresql >/dev/null
}

# As root: Debian's cluster, run as the postgres user by pg_ctlcluster.
debian_cluster() {
	local version
	version=$(pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c { print $1; exit }')
	if [ -z "$version" ]; then
		version=$(newest_version)
		say "creating cluster $version/$CLUSTER on port $PORT"
		pg_createcluster "$version" "$CLUSTER" --port "$PORT" \
			--encoding UTF8 --locale C.UTF-8 >/dev/null
	fi
	if ! pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c { print $4 }' | grep -q online; then
		pg_ctlcluster "$version" "$CLUSTER" start
	fi
	local port
	port=$(pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c { print $3 }')
	[ "$port" = "$PORT" ] || say "cluster $CLUSTER listens on $port, not $PORT: using $port"
	PORT=$port
	runuser -u postgres -- psql -q -p "$PORT" -v ON_ERROR_STOP=1 -d postgres <<-SQL
		SELECT 'CREATE ROLE $ROLE LOGIN CREATEDB'
		WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE')\gexec
		ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
		SELECT 'CREATE DATABASE $NAME OWNER $ROLE'
		WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$NAME')\gexec
	SQL
}

# As anyone else: a private cluster in var/postgres, its superuser the role.
private_cluster() {
	local bin data="$PRIVATE/data"
	bin=/usr/lib/postgresql/$(newest_version)/bin
	if [ ! -f "$data/PG_VERSION" ]; then
		say "creating a cluster in $data on port $PORT"
		mkdir -p "$PRIVATE"
		"$bin/initdb" -D "$data" -U "$ROLE" --pwfile=<(echo "$PASSWORD") \
			-A scram-sha-256 -E UTF8 --locale C.UTF-8 >/dev/null
	fi
	if ! "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		"$bin/pg_ctl" -D "$data" -l "$PRIVATE/server.log" -w start -o \
			"-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$PWD/$PRIVATE'" \
			>/dev/null
	fi
	PGPASSWORD=$PASSWORD psql -q -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d postgres \
		-v ON_ERROR_STOP=1 <<-SQL
		SELECT 'CREATE DATABASE $NAME'
		WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$NAME')\gexec
	SQL
}

# Sets DATABASE_URL (and ARCHIVE_TEST_POSTGRES_URL: the backup tests' server
# for a restore from SQLite into PostgreSQL) unless DATABASE_URL is set.
start() {
	if [ -z "${DATABASE_URL:-}" ]; then
		install_server
		if [ "$(id -u)" = 0 ]; then debian_cluster; else private_cluster; fi
		DATABASE_URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$NAME"
	fi
	export DATABASE_URL
	export ARCHIVE_TEST_POSTGRES_URL=${ARCHIVE_TEST_POSTGRES_URL:-$DATABASE_URL}
}

stop() {
	if [ "$(id -u)" = 0 ]; then
		pg_ctlcluster "$(pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c { print $1 }')" \
			"$CLUSTER" stop
	else
		"/usr/lib/postgresql/$(newest_version)/bin/pg_ctl" -D "$PRIVATE/data" stop
	fi
}

case "${1:-test}" in
test)
	shift || true
	start
	make install-postgres >/dev/null
	say "the test suite on ${DATABASE_URL%%://*}://…@${DATABASE_URL##*@}"
	exec .venv/bin/python -m pytest "$@"
	;;
env)
	start
	echo "export DATABASE_URL='$DATABASE_URL'"
	echo "export ARCHIVE_TEST_POSTGRES_URL='$ARCHIVE_TEST_POSTGRES_URL'"
	;;
stop) stop ;;
*)
	say "usage: $0 [test [PYTEST ARGS…] | env | stop]"
	exit 2
	;;
esac
