#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: system libraries, .venv, the package, translations.
# Usage: scripts/bootstrap.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"

# WeasyPrint needs Pango; Django's compilemessages needs GNU gettext; browser tests need chromium.
pkgs=(libpango-1.0-0 libpangoft2-1.0-0 gettext fonts-dejavu-core)
[ "$mode" = dev ] && pkgs+=(chromium)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install these system packages first: ${missing[*]}" >&2
    exit 1
  fi
fi

py="${PYTHON:-python3.11}"
command -v "$py" >/dev/null || py=python3
[ -x .venv/bin/python ] || "$py" -m venv .venv
extra=""; [ "$mode" = dev ] && extra="[dev]"
stamp=".venv/.installed${mode:+-$mode}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e ".${extra}"
  touch "$stamp"
fi
# Compiled translations are build output, never committed.
(cd src/hechting && ../../.venv/bin/django-admin compilemessages --ignore '.venv' -v 0)
