# The two commands: `make run` (set up, train if needed, serve) and `make test` (set up, then tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TRIAGE_HOME ?= $(CURDIR)/var
export TRIAGE_HOME
DATA := $(TRIAGE_HOME)/data
N ?= 20000
SEED ?= 7
TEST_SEED ?= 11

.PHONY: run pipeline test setup clean lint handwritten person-ner

# The hand-written corpus (data/handwritten/DATA_CARD.md): writers of the training and the
# test side never overlap. `make handwritten` rebuilds both files from the writers' marked-up
# sources and the settled labels; the built files are committed, so `make run` needs no rebuild.
HANDWRITTEN := data/handwritten
TRAIN_WRITERS := hw01 hw02 hw03 hw04 hw05 hw06 hw07 hw08
TEST_WRITERS := hw09 hw10 hw11

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

TEST_N ?= 5000
REPORTS := $(TRIAGE_HOME)/reports

HOST ?= 127.0.0.1
PORT ?= 8000
TRAINED := $(TRIAGE_HOME)/trained.fingerprint
# What a trained model depends on: the experiment config, the hand-written data, the generator,
# redaction, taxonomy and gates, and the sizes and seeds below. Unchanged + a registered model = no retraining.
TRAIN_INPUTS = training/configs/default.yaml $(HANDWRITTEN)/train.jsonl $(HANDWRITTEN)/test.jsonl \
  tests/data/independent_referrals.jsonl referrals/data/taxonomy.yaml evaluation/gates.yaml \
  $(sort $(wildcard referrals/synthetic/*.py referrals/synthetic/data/*.yaml referrals/redaction/conf/*.yaml))

# The whole path: train and evaluate (skipped when nothing changed), then serve the model on
# http://$(HOST):$(PORT) with a fresh demo screener key.
run: $(STAMP)
	@fingerprint="$$(cat $(TRAIN_INPUTS) | sha256sum | cut -c1-64) N=$(N) SEED=$(SEED) TEST_N=$(TEST_N) TEST_SEED=$(TEST_SEED)"; \
	if [ -f $(TRAINED) ] && [ "$$(cat $(TRAINED))" = "$$fingerprint" ] && $(BIN)/triage serve --check; then \
	  echo "data and config unchanged and a model is registered: skipping training"; \
	else \
	  $(MAKE) --no-print-directory pipeline && mkdir -p $(TRIAGE_HOME) && echo "$$fingerprint" > $(TRAINED); \
	fi
	@echo "demo screener (log in to the review page with this key):"
	@$(BIN)/triage users add demo-screener --role screener --replace
	$(BIN)/triage serve --host $(HOST) --port $(PORT)

# The data scientist's path: generate, redact, train (registers @candidate), evaluate, promote.
pipeline: $(STAMP)
	$(BIN)/triage generate --n $(N) --seed $(SEED) --out $(DATA)/train.jsonl --stats
	$(BIN)/triage generate --n $(TEST_N) --seed $(TEST_SEED) --out $(DATA)/test.jsonl
	$(BIN)/triage redact $(DATA)/train.jsonl $(DATA)/train.redacted.jsonl --workers 2
	$(BIN)/triage redact $(DATA)/test.jsonl $(DATA)/test.redacted.jsonl --workers 2
	$(BIN)/triage train --data generated=$(DATA)/train.redacted.jsonl --data handwritten=$(HANDWRITTEN)/train.jsonl
	$(BIN)/triage evaluate --model models:/referral-triage@candidate --data $(HANDWRITTEN)/test.jsonl --out $(REPORTS)/handwritten
	$(BIN)/triage evaluate --model models:/referral-triage@candidate --data tests/data/independent_referrals.jsonl --out $(REPORTS)/independent_80
	$(BIN)/triage evaluate --model models:/referral-triage@candidate --data $(DATA)/test.redacted.jsonl --out $(REPORTS)/candidate
	@# exit 1 = a gate refused promotion (a legitimate outcome, reported above); other codes are failures
	$(BIN)/triage promote --candidate candidate --data $(DATA)/test.redacted.jsonl --out $(REPORTS)/promotion; \
	  status=$$?; if [ $$status -eq 1 ]; then echo "candidate kept as @candidate: see the failed gate(s) above"; \
	  elif [ $$status -ne 0 ]; then exit $$status; fi

handwritten: $(STAMP)
	$(BIN)/python -m referrals.handwritten build $(TRAIN_WRITERS:%=$(HANDWRITTEN)/raw/%.txt) \
	  --adjudications $(HANDWRITTEN)/adjudication.tsv --out $(HANDWRITTEN)/train.jsonl
	$(BIN)/python -m referrals.handwritten build $(TEST_WRITERS:%=$(HANDWRITTEN)/raw/%.txt) \
	  --adjudications $(HANDWRITTEN)/adjudication.tsv --out $(HANDWRITTEN)/test.jsonl

# The redactor's person-name model (referrals/redaction/person_ner, committed with its
# sha256.json): trained on the training writers and the redaction development writers
# (hwr3 and the test writers are check sets and never used), plus generated referrals.
# Eight writers stay out: hwr18-hwr20, hwr23, hwr24, hwr26, hwr29 and hwr34, which no rule
# was written for and on which a retrain is judged before it ships (README, "Eleventh
# round": the retrain that added hwr12-hwr17, hwr21, hwr22, hwr25, hwr27, hwr28 and
# hwr30-hwr33 found 6 more of their 2,516 names and made 3 more wrong replacements).
# A retrain adding hwr35-hwr37 found no more names on the held-out writers (hwr38 and
# hwr39 among them) and was not shipped (README, "Twelfth round"); neither was one adding
# them with hwr40, hwr42, hwr44, hwr45 and hwr47 (README, "Thirteenth round": within noise
# on thirteen held-out writers, hwr41, hwr43 and hwr46 among them), so none is listed.
# After retraining, pin the printed digest as spacy.sha256 in referrals/redaction/conf/default.yaml.
NER_WRITERS := hwr1 hwr2 hwr4 hwr5 hwr6 hwr7 hwr8 hwr9 hwr10 hwr11 hwr12 hwr13 hwr14 hwr15 hwr16 \
  hwr17 hwr21 hwr22 hwr25 hwr27 hwr28 hwr30 hwr31 hwr32 hwr33
person-ner: $(STAMP)
	mkdir -p $(DATA)/person_ner
	$(foreach w,$(NER_WRITERS),$(BIN)/python -m referrals.handwritten build $(HANDWRITTEN)/redaction_dev/$(w).txt --out $(DATA)/person_ner/$(w).jsonl &&) true
	$(BIN)/triage train-ner --data $(HANDWRITTEN)/train.jsonl $(NER_WRITERS:%=--data $(DATA)/person_ner/%.jsonl) \
	  --out referrals/redaction/person_ner

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check referrals models scoring tracking storage web training evaluation serving annotation triage tests bench

clean:
	rm -rf $(VENV) var .pytest_cache
