#!/usr/bin/env bash
# Set-up steps used by `make run` and `make test`. Each step is idempotent.
#   install.sh python    create .venv with Python 3.12 and install requirements.lock + requirements-dev.lock (hashes)
#   install.sh assets    install the NL Design System CSS from package-lock.json (npm ci; never a CDN)
#   install.sh messages  compile the translations (locale/*/LC_MESSAGES/django.po)
#   install.sh system [test]  install Debian packages that are missing (as root), for running / testing
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9

# Debian packages: WeasyPrint's libraries and fonts, gettext for the translations; for tests also the services,
# the browser, pdftotext and docker-compose (v1, to validate docker-compose.yml without a Docker engine).
RUN_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 gettext)
TEST_PACKAGES=(postgresql redis-server chromium poppler-utils docker-compose)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_system() {
  local wanted=("${RUN_PACKAGES[@]}")
  [[ ${1:-} == test ]] && wanted+=("${TEST_PACKAGES[@]}")
  mapfile -t missing < <(missing_packages "${wanted[@]}")
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "Missing Debian packages: ${missing[*]}. Install them (as root: apt-get install ${missing[*]})." >&2
    return 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  # --no-install-recommends: docker-compose would otherwise pull in the whole Docker engine.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
}

find_python() {
  # .python-version makes pyenv's python3 shim resolve to 3.12 here; a plain python3.12 works elsewhere.
  local candidate
  for candidate in python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Python 3.12 or newer is needed (Django 6). Install it, or use pyenv with .python-version." >&2
  return 1
}

install_python() {
  if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    rm -rf .venv
    "$(find_python)" -m venv .venv
  fi
  if [[ ! -x .venv/bin/uv ]] || [[ $(.venv/bin/uv --version | cut -d' ' -f2) != "$UV_VERSION" ]]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
  fi
  # uv pip sync installs exactly the locks (with hashes) and removes anything else; uv itself is in the dev lock.
  .venv/bin/uv pip sync -q --require-hashes --python .venv/bin/python requirements.lock requirements-dev.lock
}

install_assets() {
  command -v npm >/dev/null || { echo "npm (Node.js) is needed for the NL Design System assets." >&2; return 1; }
  npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'Unknown user config' || true
  test -f node_modules/@utrecht/component-library-css/dist/index.css
}

compile_messages() {
  if ! command -v msgfmt >/dev/null; then install_system; fi
  DEBUG=true .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
}

case "${1:-}" in
  python) install_python ;;
  assets) install_assets ;;
  messages) compile_messages ;;
  system) install_system "${2:-}" ;;
  *) echo "usage: $0 python|assets|messages|system [test]" >&2; exit 2 ;;
esac
