# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export WEB_PORT := $(PORT)
export DEMO_PASSWORD ?= wuhou-demo-2026

.PHONY: run test lint format messages bench install install-dev clean worker-tests fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  武侯区三社联动社区治理平台 is starting at  http://127.0.0.1:$(PORT)/"
	@echo "  API docs: http://127.0.0.1:$(PORT)/api/docs/   health: http://127.0.0.1:$(PORT)/healthz"
	@echo "  Demo logins (password: $(DEMO_PASSWORD)):"
	@echo "    district_admin (区民政局)  dept_hr (区人社局)  street_huaxing (华兴街道)"
	@echo "    community_nanqiao (南桥社区)  org_muling (睦林长者互助社)  expert_wang  resident_zhang"
	@echo "    street_huaxing_legal / _finance / _leader (华兴街道 contract reviewers)"
	@echo "  Web server, Celery worker and beat run below; Ctrl-C stops them all."
	@echo ""
	$(BIN)/honcho start -f Procfile

test: $(VENV)/.installed-dev
	@test -x /usr/bin/chromium || echo "NOTE: /usr/bin/chromium is absent: the browser tests will be skipped (apt-get install chromium)."
	$(BIN)/pytest -rs

worker-tests: $(VENV)/.installed-dev
	$(BIN)/pytest -m worker

# Schemathesis over the whole API, longer than CI's run. FUZZ_SEED=<seed> replays a CI failure;
# DATABASE_URL=postgres://... to fuzz on PostgreSQL as CI does.
FUZZ_EXAMPLES ?= 50
FUZZ_SEED ?= $(shell date +%s)
fuzz: $(VENV)/.installed-dev
	@echo "schemathesis/hypothesis seed: $(FUZZ_SEED)"
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -m fuzz -p no:randomly --hypothesis-seed=$(FUZZ_SEED) tests/fuzz

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext's xgettext for extraction; compiling uses polib, no system tools.
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --no-location -i .venv -i tests -i bench -i var
	$(BIN)/python manage.py compile_catalogues

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf var
