# Set-up, run and test targets; everything lives in .venv inside the checkout.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The general English–Russian dictionary (optional): Debian's mueller7-dict, unpacked into the environment.
DICTIONARY := $(VENV)/share/un-search/dictd
# Whoosh's source distribution, for its own test suite run with this engine (tests/test_whoosh_suite.py).
WHOOSH_SDIST := $(VENV)/share/un-search/whoosh-2.7.4
INDEX ?= index
HOST ?= 127.0.0.1
PORT ?= 5000
# One web worker process per core: searching is CPU work.
WORKERS ?= $(shell nproc 2>/dev/null || echo 1)
# axe-core, the accessibility checker the browser tests run in Chromium: from the npm registry, into var/axe.
AXE_DIR := var/axe
AXE_VERSION := 4.10.3
# The local three-node OpenSearch cluster (HTTP 9201-9203): its data, logs and PIDs.
OPENSEARCH_DIR ?= var/opensearch

.PHONY: install dictionary whoosh-sdist axe run index test bench clean opensearch opensearch-stop opensearch-launcher

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q analyzers indexer search_app
	touch $(STAMP)

install: $(STAMP) dictionary whoosh-sdist axe

# Fetched with apt-get download (no root needed) and analyzed once; without apt the product works without it.
dictionary: $(STAMP)
	@if [ ! -f $(DICTIONARY)/mueller7.index ]; then \
	    tmp=$$(mktemp -d); \
	    if (cd $$tmp && apt-get download -qq mueller7-dict) >/dev/null 2>&1 \
	            && dpkg-deb -x $$tmp/mueller7-dict_*.deb $$tmp/root; then \
	        mkdir -p $(DICTIONARY) && cp $$tmp/root/usr/share/dictd/mueller7.index \
	            $$tmp/root/usr/share/dictd/mueller7.dict.dz $(DICTIONARY)/; \
	    else \
	        echo "note: could not fetch Debian's mueller7-dict (apt-get download); searching across languages works without the general dictionary"; \
	    fi; \
	    rm -rf $$tmp; \
	fi
	@if [ -f $(DICTIONARY)/mueller7.index ]; then $(BIN)/python -m indexer dictionary; fi

# Fetched from the package index once (pip download) and unpacked; without it that one test is skipped.
whoosh-sdist: $(STAMP)
	@if [ ! -d $(WHOOSH_SDIST)/tests ]; then \
	    tmp=$$(mktemp -d); \
	    if $(BIN)/pip download --quiet whoosh==2.7.4 --no-binary :all: --no-deps -d $$tmp/dl >/dev/null 2>&1 \
	            && $(BIN)/python -c 'import shutil, sys; shutil.unpack_archive(*sys.argv[1:])' $$tmp/dl/* $$tmp/src \
	            && [ -d $$tmp/src/*/tests ]; then \
	        rm -rf $(WHOOSH_SDIST) && mkdir -p $(dir $(WHOOSH_SDIST)) && mv $$tmp/src/* $(WHOOSH_SDIST); \
	    else \
	        echo "note: could not fetch Whoosh 2.7.4's source distribution (pip download); the test that runs Whoosh's own test suite with this engine is skipped"; \
	    fi; \
	    rm -rf $$tmp; \
	fi

# Installed with npm (without npm the accessibility tests are skipped, saying why).
axe:
	@if [ ! -f $(AXE_DIR)/node_modules/axe-core/axe.min.js ]; then \
	    if command -v npm >/dev/null && mkdir -p $(AXE_DIR) \
	            && npm install --no-save --no-audit --no-fund --prefix $(AXE_DIR) axe-core@$(AXE_VERSION) >/dev/null; then \
	        :; \
	    else \
	        echo "note: could not install axe-core with npm; the accessibility tests are skipped"; \
	    fi; \
	fi

index: install
	$(BIN)/python -m indexer build corpus --index $(INDEX)

run: index
	@echo 'Open http://$(HOST):$(PORT)/ (Ctrl-C stops); from the command line:'
	@echo '  $(BIN)/python -m indexer search "незаконный ввоз мигрантов" --index $(INDEX)'
	$(BIN)/python -m search_app --index $(INDEX) --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: install opensearch-launcher
	$(BIN)/python -m pytest -q

# The Java launcher of one OpenSearch node, built by Maven from Maven Central (then from ~/.m2);
# without Java or Maven it says so and the tests of the cluster skip.
opensearch-launcher: $(STAMP)
	$(BIN)/python -m tests.opensearch.cluster build

# A real three-node OpenSearch 2.19 cluster on 127.0.0.1, started in the background (prints its URL).
opensearch: $(STAMP)
	$(BIN)/python -m tests.opensearch.cluster start --dir $(OPENSEARCH_DIR)

opensearch-stop: $(STAMP)
	$(BIN)/python -m tests.opensearch.cluster stop --dir $(OPENSEARCH_DIR)

bench: $(STAMP)
	$(BIN)/python bench/foundation.py
	$(BIN)/python bench/align.py
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache .hypothesis tests/opensearch/target
