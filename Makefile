# The README's two commands. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint install bench check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The local server speaks plain HTTP on loopback, so its cookies cannot be Secure-only;
# any real deployment sits behind HTTPS and keeps the default (see docs/operations.md).
run: $(STAMP)
	$(BIN)/flask --app casebook db upgrade
	$(BIN)/flask --app casebook cases import
	CASEBOOK_SECURE_COOKIES=$${CASEBOOK_SECURE_COOKIES:-false} \
	  $(BIN)/flask --app casebook run --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check casebook tests bench gunicorn.conf.py wsgi.py

check: $(STAMP)
	$(BIN)/flask --app casebook cases check cases/

bench: $(STAMP)
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) .pytest_cache
