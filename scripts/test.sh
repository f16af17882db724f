#!/usr/bin/env bash
# The whole test suite: lint, migrations and translations checks, then pytest on SQLite and,
# when DATABASE_URL points to PostgreSQL, the database-backed tests again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
# pytest-xdist already keeps both cores busy; BLAS threads on top would only contend.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
pg_url="${DATABASE_URL:-}"

ruff check src tests bench
mypy
DATABASE_URL= DJANGO_SETTINGS_MODULE=hechting.web.settings django-admin makemigrations --check --dry-run >/dev/null \
  || { echo "Missing migrations: run 'hechting manage makemigrations'" >&2; exit 1; }

echo "== pytest on SQLite"
DATABASE_URL= pytest -n 2 "$@"
if [[ "$pg_url" == postgres* ]]; then
  echo "== pytest on PostgreSQL ($pg_url)"
  DATABASE_URL="$pg_url" pytest -n 2 -m "not realdata" tests/web tests/browser tests/accounts tests/program tests/links tests/together tests/notifications "$@"
fi
