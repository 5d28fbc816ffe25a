#!/bin/sh
# The BI replica: on first start, a base backup of the primary with -R (standby.signal and the
# primary's address), then postgres as a hot standby that streams the primary's WAL. Read-only:
# the bi views answer here, and bi.freshness shows how far the read models lag the log.
set -eu
PGDATA=/var/lib/postgresql/data/pgdata
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until PGPASSWORD="${REPLICATION_PASSWORD:-replicator}" pg_basebackup -h postgres -U replicator \
    -D "$PGDATA" -R -X stream -c fast; do
    echo "waiting for the primary"; sleep 2
  done
  chmod 700 "$PGDATA"
fi
exec postgres -D "$PGDATA" -c hot_standby=on -c max_standby_streaming_delay=30s
