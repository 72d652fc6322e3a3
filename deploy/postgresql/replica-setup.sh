#!/bin/sh
# Make this host a streaming replica of the primary (run as root on the replica, once).
# The replica serves no application traffic: it is the failover target; backups are
# docs/BACKUP.md's procedure.
set -eu
PRIMARY=${PRIMARY:-10.0.0.30}
VERSION=${VERSION:-15}
DATA=/var/lib/postgresql/$VERSION/main
pg_ctlcluster "$VERSION" main stop || true
rm -rf "$DATA"
# -R writes standby.signal and primary_conninfo; -C -S creates the replication slot, so
# the primary keeps the WAL the replica has not received yet.
sudo -u postgres pg_basebackup -h "$PRIMARY" -U replicator -D "$DATA" \
  -X stream -R -C -S recueil_replica -P
echo "cluster_name = 'recueil_replica'" > /etc/postgresql/$VERSION/main/conf.d/recueil-replica.conf
echo "hot_standby = on" >> /etc/postgresql/$VERSION/main/conf.d/recueil-replica.conf
pg_ctlcluster "$VERSION" main start
