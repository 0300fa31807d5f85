#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../src"
: "${WORKERS:=2}"
export FLASK_APP=shopsvc.app:create_app
case "${1:-web}" in
  web)
    exec gunicorn --workers "$WORKERS" 'shopsvc.app:create_app()' ;;
  worker)
    exec python -m shopsvc.worker ;;
  *)
    exec "$@" ;;
esac
