#!/bin/sh
# Nightly backup of Recueil (docs/BACKUP.md): the main database and the key store,
# each to its own directory, then pruning (key-store dumps: RECUEIL_KEY_STORE_BACKUP_DAYS).
# Run as the application's user with its environment (DATABASE_URL,
# RECUEIL_KEY_STORE_URL, the key ring); copy each directory off-site separately.
#   RECUEIL_HOME        checkout with manage.py and .venv   (default: this script's ../..)
#   RECUEIL_BACKUP_MAIN directory of main dumps             (default: /srv/backup/recueil/main)
#   RECUEIL_BACKUP_KEYS directory of key-store dumps        (default: /srv/backup/recueil-keys)
set -eu
HOME_DIR=${RECUEIL_HOME:-$(cd "$(dirname "$0")/../.." && pwd)}
PYTHON=${RECUEIL_PYTHON:-$HOME_DIR/.venv/bin/python}
umask 077
exec "$PYTHON" "$HOME_DIR/manage.py" backup_create \
    --main-dir "${RECUEIL_BACKUP_MAIN:-/srv/backup/recueil/main}" \
    --keys-dir "${RECUEIL_BACKUP_KEYS:-/srv/backup/recueil-keys}"
