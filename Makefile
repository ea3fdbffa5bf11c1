PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PG_PORT ?= 5432
PG_TEST_URL ?= postgres://postgres@127.0.0.1:$(PG_PORT)/test_recallbot_{}

.PHONY: install browser test test-sqlite test-pg pg-reachable lint demo transcripts run bench clean

CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc

$(STAMP): pyproject.toml
	@# Digest charts show Chinese names: they need a CJK font (Debian: fonts-wqy-microhei).
	@test -f $(CJK_FONT) || ! command -v apt-get >/dev/null || [ "$$(id -u)" != 0 ] \
		|| { apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei >/dev/null; } \
		|| echo "warning: could not install fonts-wqy-microhei; charts will lack Chinese glyphs"
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The dashboard's browser tests and the demo's screenshot use Debian's Chromium (never a
# browser that Playwright downloads). Without it the browser tests fail in CI.
CHROMIUM := /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || ! command -v apt-get >/dev/null || [ "$$(id -u)" != 0 ] \
		|| { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
		|| echo "warning: could not install chromium; the dashboard's browser tests will not run"

# The whole suite on SQLite, then again on PostgreSQL (the failover tests run there). CI
# machines provide a server on 127.0.0.1:5432: without one `make test` fails, it does not skip.
test: pg-reachable test-sqlite test-pg

test-sqlite: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot handlers models schedules
	$(BIN)/pytest -q

pg-reachable: $(STAMP)
	@$(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', $(PG_PORT)), 2)" \
		2>/dev/null || { echo "PostgreSQL is not reachable on 127.0.0.1:$(PG_PORT): make test needs it" \
		"(trust authentication; make test-sqlite runs the SQLite pass alone)" >&2; exit 1; }

# The demo keeps its own SQLite file and the model-based test its own in-memory database,
# so they are not repeated on PostgreSQL.
test-pg: $(STAMP) browser pg-reachable
	RECALLBOT_TEST_DATABASE_URL='$(PG_TEST_URL)' $(BIN)/pytest -q --deselect tests/test_demo.py \
		--deselect tests/test_period_model.py

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/mypy bot handlers models schedules

demo: $(STAMP) browser
	$(BIN)/recallbot demo

# The guides' examples, from real runs: sections marked <!-- demo:NAME --> from a demo run in
# each language (tests/test_demo.py), <!-- scene:NAME --> from the user guide's scenes
# (tests/test_guide.py) and the operator guide's command outputs, <!-- cli:NAME -->
# (tests/test_operator_guide.py); the tests fail when they are out of date.
transcripts: $(STAMP) browser
	$(BIN)/python -m bot.devtools.demo.transcripts
	$(BIN)/python -m bot.devtools.demo.guide
	$(BIN)/python -m bot.devtools.opguide

run: $(STAMP)
	$(BIN)/recallbot db upgrade
	$(BIN)/recallbot run

# make bench SCALE="1000 10000 100000": bench_scale at those sizes (default 10,000).
bench: $(STAMP)
	$(BIN)/python -m benchmarks $(if $(SCALE),--scale $(SCALE))

clean:
	rm -rf $(VENV) build *.egg-info
