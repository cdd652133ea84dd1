# Two commands a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint check-layers typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# A demo job search in a throwaway database, today's agenda, then the web app on it
# (Ctrl+C stops it; add NO_BROWSER=1 to only print its address).
run: $(STAMP)
	@db=$$(mktemp -d)/demo.sqlite3; \
	$(BIN)/followthrough --db "$$db" demo && \
	$(BIN)/followthrough --db "$$db" agenda && \
	echo && echo "(demo database: $$db — try: $(BIN)/followthrough --db $$db list)" && echo && \
	exec $(BIN)/followthrough --db "$$db" serve $(if $(NO_BROWSER),--no-browser)

# The whole suite on SQLite, then every database test again on PostgreSQL (a process
# works on one database, in tests as in use).
test: $(STAMP) lint
	$(BIN)/python -m pytest
	FOLLOWTHROUGH_TEST_DATABASE=postgresql $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/agenda.py
	$(BIN)/python benchmarks/web_pages.py
	$(BIN)/python benchmarks/done.py
	$(BIN)/python benchmarks/importing.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
