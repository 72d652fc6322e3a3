#!/bin/sh
# Restore drill / disaster recovery (docs/BACKUP.md):
#   recueil-restore.sh MAIN_DUMP KEYS_DUMP
# with DATABASE_URL and RECUEIL_KEY_STORE_URL naming two NEW, empty databases (created
# beforehand: createdb …) and the key ring in the environment. Restores both dumps, runs
# the migrations a newer release may need, then decrypts every case (counts only).
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 main-<stamp>.dump keys-<stamp>.dump" >&2
    exit 2
fi
HOME_DIR=${RECUEIL_HOME:-$(cd "$(dirname "$0")/../.." && pwd)}
PYTHON=${RECUEIL_PYTHON:-$HOME_DIR/.venv/bin/python}
"$PYTHON" "$HOME_DIR/manage.py" backup_restore --main "$1" --keys "$2"
"$PYTHON" "$HOME_DIR/manage.py" migrate --noinput
"$PYTHON" "$HOME_DIR/manage.py" migrate --database keystore --noinput
"$PYTHON" "$HOME_DIR/manage.py" backup_verify
