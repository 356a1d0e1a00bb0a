# Two commands: `make demo` serves the portal with demo data; `make test` runs the whole suite.
# Dependencies come only from uv.lock (exact versions with hashes); `make lock` updates it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

# uv, pinned, in its own small environment kept inside .venv (`uv sync` would uninstall it from
# .venv itself); `rm -rf .venv` removes both.
UV_VERSION := 0.13.9
UV_DIR := $(VENV)/.uv-$(UV_VERSION)
UV := $(UV_DIR)/bin/uv
# uv uses the Python already here; it never downloads one.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install lock demo test lint system-deps serve clean
# Debian packages: Chromium for the browser journeys, poppler for checking PDFs, Pango for WeasyPrint,
# a Redis server for the shared cache's own tests.
SYSTEM_PACKAGES := chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 redis-server

$(UV):
	rm -rf $(UV_DIR)
	$(PYTHON) -m venv $(UV_DIR)
	$(UV_DIR)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# --locked: installs exactly what uv.lock pins (hashes checked) and fails if pyproject.toml
# changed without `make lock`. The dev extra brings pytest, Playwright and ruff.
$(STAMP): pyproject.toml uv.lock | $(UV)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(UV) sync --locked --extra dev
	touch $(STAMP)

install: $(STAMP)

# The one command that updates uv.lock: after editing pyproject.toml, `make lock` re-resolves and
# keeps every other pin; `make lock UPGRADE=1` moves every pin to the newest version allowed.
lock: | $(UV)
	$(UV) lock $(if $(UPGRADE),--upgrade)

# The local commands run with DEBUG on unless DEBUG is set: with it off, the portal refuses to
# start without a SECRET_KEY of its own (production).
demo serve lint: export DEBUG ?= true

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST)

serve: install
	$(PY) manage.py runserver $(HOST)

# Browser journeys need Debian's Chromium (never a downloaded browser); root can install it here.
system-deps:
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "Cần cài: sudo apt-get install $(SYSTEM_PACKAGES)"; exit 1; fi; }

# One pytest worker per core (pytest-xdist); `make test PYTEST_ARGS="-n 0 -x"` runs in one process.
PYTEST_ARGS ?= -n auto
test: install system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# `uv lock --check` fails when pyproject.toml and uv.lock disagree (run `make lock`).
lint: install
	$(UV) lock --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles build *.egg-info
