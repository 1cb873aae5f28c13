# Two commands a newcomer needs: `make run` (set up and serve the demo) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The embedded stack: no services. `make test` repeats the suite on PostgreSQL/Redis
# when DATABASE_URL / REDIS_URL are set in the environment.
EMBEDDED := env -u DATABASE_URL -u REDIS_URL -u ELASTICSEARCH_URL
# pytest-xdist workers per run (each gets its own test database; `PYTEST_WORKERS=0` runs in one process).
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS)

.PHONY: run install install-dev migrate seed serve test test-embedded test-services lint check check-messages lock messages clean

# Migrating and seeding in one process: each start of the platform costs seconds of imports.
run: install
	$(MANAGE) seed_demo --migrate --port $(PORT)
	@$(MAKE) --no-print-directory serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs a lock with uv (a fast installer, itself from PyPI); with pip when uv cannot be had.
# `make run` needs only what production runs; the test tools come with install-dev.
PIP_INSTALL_LOCK = ($(BIN)/pip install -q uv && $(BIN)/uv pip install -q --python $(BIN)/python -r $(1)) \
	|| $(BIN)/pip install -q -r $(1)

$(VENV)/.installed: requirements-prod.lock $(BIN)/python
	$(call PIP_INSTALL_LOCK,requirements-prod.lock)
	touch $@

install: $(VENV)/.installed

# Test tools: Debian's Chromium for Playwright (never a downloaded browser), nginx (tests start it
# on loopback with the production snippets from docker/nginx/), and from npm axe-core (browser tests)
# and Lighthouse (bench/lighthouse_bench.py).
$(VENV)/.installed-dev: $(VENV)/.installed requirements.lock package-lock.json
	$(call PIP_INSTALL_LOCK,requirements.lock)
	(command -v chromium && command -v nginx) >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light)
	npm ci --no-audit --no-fund --silent
	touch $@

install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --noinput -v0

seed: install
	$(MANAGE) seed_demo --port $(PORT)

serve: install
	@echo ""
	@echo "  Plattformen:  http://localhost:$(PORT)/"
	@echo "  Arvidsjaur:   http://arvidsjaur.localhost:$(PORT)/"
	@echo "  Åsele:        http://asele.localhost:$(PORT)/"
	@echo "  Överkalix:    http://overkalix.localhost:$(PORT)/"
	@echo "  Admin:        http://localhost:$(PORT)/admin/"
	@echo "  Demoinloggningar (lösenord demo-losenord-2026):"
	@echo "    admin@example.org (plattformsadministratör)"
	@echo "    redaktor.arvidsjaur@example.org, redaktor.asele@example.org, redaktor.overkalix@example.org"
	@echo "    moderator.<kommun>@example.org, region.norrbotten@example.org"
	@echo ""
	@# The background worker (competence embeddings) runs beside the server and stops with it.
	$(MANAGE) db_worker --backend embeddings --interval 2 & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/uvicorn config.asgi:application --app-dir platform --host $(HOST) --port $(PORT)

test: install-dev lint check check-messages test-embedded test-services

lint: install
	$(BIN)/ruff check --quiet .
	PYTHONPATH=platform:. $(BIN)/lint-imports --no-cache

# Security gates that need no test database: Django's deploy checks on production settings (fed
# dummy but valid values for what production requires), bandit over our source (no high-severity
# finding; scope and exclusions in pyproject.toml) and no model change without its migration.
CHECK_PRODUCTION := $(EMBEDDED) DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=make-check-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
	DJANGO_ALLOWED_HOSTS=.foretag.example.se PLATFORM_BASE_DOMAIN=foretag.example.se \
	INSECURE_DEV_SKIP_STAFF_MFA=false EMAIL_URL=

check: install
	$(CHECK_PRODUCTION) $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/bandit -c pyproject.toml -r . --severity-level high --quiet
	$(EMBEDDED) DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# The catalogues hold exactly the strings the sources mark (makemessages on a copy of the tree).
check-messages: install-dev
	$(EMBEDDED) $(BIN)/python scripts/check_messages.py

test-embedded: install-dev
	$(EMBEDDED) $(PYTEST)

test-services: install-dev
	@if [ -n "$$DATABASE_URL$$REDIS_URL" ]; then \
		echo "== again on PostgreSQL/Redis: DATABASE_URL=$$DATABASE_URL REDIS_URL=$$REDIS_URL"; \
		$(PYTEST); \
	else echo "DATABASE_URL/REDIS_URL not set: skipping the run on services"; fi

# Re-pin every dependency from the ranges in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile -q pyproject.toml --extra dev -o requirements.lock --python-version 3.11
	$(BIN)/uv pip compile -q pyproject.toml -o requirements-prod.lock --python-version 3.11

messages: install
	cd . && $(MANAGE) makemessages -l sv -l en --ignore=.venv --ignore=node_modules --ignore=var
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) node_modules var
