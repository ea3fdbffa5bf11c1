PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test_recallbot_{}

.PHONY: install test test-pg lint demo run bench clean

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

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot handlers models schedules
	$(BIN)/pytest -q

test-pg: $(STAMP)
	RECALLBOT_TEST_DATABASE_URL='$(PG_TEST_URL)' $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/mypy bot handlers models schedules

demo: $(STAMP)
	$(BIN)/recallbot demo

run: $(STAMP)
	$(BIN)/recallbot db upgrade
	$(BIN)/recallbot run

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
