# Shared set-up for scripts/run and scripts/test: virtualenv, packages, database, translations.
# Idempotent: each step is skipped when already done, so the second run takes seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }

ensure_venv() {
  local extra=$1 python=${PYTHON:-python3}
  "$python" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null || {
    echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1))." >&2; exit 1; }
  if [ ! -x .venv/bin/python ]; then
    say "creating virtualenv .venv"
    if ! "$python" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      if is_root && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv .venv
      else
        echo "Python's venv module is missing. Run: sudo apt-get install python3-venv" >&2; exit 1
      fi
    fi
  fi
  local stamp=".venv/.installed-${extra:-runtime}"
  # Reinstall only when what pip installs changes (not when a [tool.*] setting does).
  local want; want=$("$python" - <<'PY'
import hashlib, json, tomllib
with open("pyproject.toml", "rb") as handle:
    data = tomllib.load(handle)
installed = [data["project"], data.get("build-system"), data.get("tool", {}).get("setuptools")]
print(hashlib.sha256(json.dumps(installed, sort_keys=True).encode()).hexdigest()[:16])
PY
)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Python packages${extra:+ (with $extra tools)}"
    # pip is noisy on some machines (index warnings): keep its output in a log, show it on failure.
    mkdir -p instance
    .venv/bin/python -m pip install -q --upgrade pip >instance/pip.log 2>&1 || true
    .venv/bin/python -m pip install -q -e ".${extra:+[$extra]}" >>instance/pip.log 2>&1 || {
      cat instance/pip.log >&2; echo "pip install failed (log above, also in instance/pip.log)" >&2; exit 1; }
    echo "$want" > "$stamp"
  fi
}

ensure_database() {
  say "checking PostgreSQL + PostGIS"
  .venv/bin/python -c 'from tools.provision import main; raise SystemExit(main())' >/dev/null
}

compile_translations() {
  .venv/bin/pybabel compile -d app/translations -f >/dev/null 2>&1 || .venv/bin/pybabel compile -d app/translations -f
}

migrate_database() {
  # As the owner (instance/migration_database_url or MIGRATION_DATABASE_URL); each run ends by granting
  # the app's own login its rights, the audit trail only to add to and read.
  say "applying database migrations (as the tables' owner)"
  FLASK_APP=wsgi .venv/bin/flask db upgrade 2>&1 | grep -v '^INFO  \[alembic.runtime' >&2 || true
  FLASK_APP=wsgi .venv/bin/flask db current 2>/dev/null | grep -q '(head)' || {
    echo "Database migrations did not reach head; see the messages above." >&2; exit 1; }
}
