# Set-up, run and test targets; everything lives in .venv inside the checkout.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INDEX ?= index
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run index test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q analyzers indexer search_app
	touch $(STAMP)

install: $(STAMP)

index: $(STAMP)
	$(BIN)/python -m indexer build corpus --index $(INDEX)

run: index
	@echo 'Open http://$(HOST):$(PORT)/ (Ctrl-C stops); from the command line:'
	@echo '  $(BIN)/python -m indexer search "незаконный ввоз мигрантов" --index $(INDEX)'
	$(BIN)/python -m search_app --index $(INDEX) --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/foundation.py
	$(BIN)/python bench/align.py
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache .hypothesis
