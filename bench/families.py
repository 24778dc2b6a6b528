"""Compare the three model families on the same data, evaluated the same way.

Run: ``.venv/bin/python bench/families.py [--train 20000] [--test 5000]``.
Ours (TF-IDF + calibrated logistic heads + ordinal need level), a spaCy
``textcat_multilabel`` model and the keyword-rule baseline are fitted on generated
referrals (seed 7) and scored on a separately generated set (seed 11) and on the
hand-written independent set in ``tests/data/independent_referrals.jsonl`` (invented
referrals written without looking at the generator: a check of generalisation).
Generated text is redacted first by the shared engine, as in training, unless
``--no-redact`` is given (faster; the texts then keep invented names).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from models.keywords import KeywordBaseline, KeywordNeedLevel
from models.spacy_textcat import SpacyTextcat
from referrals.contract import read_referrals, write_referrals
from referrals.labelled import LabelledData, to_labelled
from referrals.labels import load_scheme
from referrals.redaction.files import redact_file
from referrals.synthetic import generate_referrals
from scoring.metrics import concern_metrics, need_level_metrics
from training.config import load_config
from training.train import fit_bundle

INDEPENDENT = Path(__file__).resolve().parent.parent / "tests" / "data" / "independent_referrals.jsonl"


def _data(n: int, seed: int, redact: bool, scheme) -> LabelledData:  # type: ignore[no-untyped-def]
    referrals = list(generate_referrals(n, seed))
    if redact:
        with tempfile.TemporaryDirectory() as folder:
            raw, out = Path(folder) / "raw.jsonl", Path(folder) / "red.jsonl"
            write_referrals(raw, referrals)
            redact_file(raw, out, workers=2)
            referrals = read_referrals(out, scheme).referrals
    return to_labelled(referrals, scheme)


def _row(name: str, data: LabelledData, concern_prob, concern_pred, need_pred, need_prob, scheme) -> str:  # type: ignore[no-untyped-def]
    c = concern_metrics(y_true=data.concerns, y_pred=concern_pred, y_prob=concern_prob,
                        concern_ids=scheme.concern_ids)
    cells = [name, f"{c['macro_f1']:.3f}", f"{c['micro_f1']:.3f}", f"{c['ece']:.3f}"]
    if need_pred is None:
        cells += ["–", "–", "–"]
    else:
        n = need_level_metrics(y_true=data.need_rank, y_pred=need_pred, y_prob=need_prob,
                               level_ids=scheme.need_level_ids)
        cells += [f"{n['qwk']:.3f}", f"{n['under_triage']:.3f}", f"{n['ece']:.3f}"]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=20000)
    parser.add_argument("--test", type=int, default=5000)
    parser.add_argument("--no-redact", action="store_true")
    parser.add_argument("--train-file", type=Path, help="labelled (e.g. already redacted) training file")
    parser.add_argument("--test-file", type=Path, help="labelled test file")
    args = parser.parse_args()
    scheme = load_scheme()
    if args.train_file and args.test_file:
        train = to_labelled(read_referrals(args.train_file, scheme).referrals, scheme)
        test = to_labelled(read_referrals(args.test_file, scheme).referrals, scheme)
    else:
        train = _data(args.train, 7, not args.no_redact, scheme)
        test = _data(args.test, 11, not args.no_redact, scheme)
    independent = to_labelled(read_referrals(INDEPENDENT, scheme).referrals, scheme)

    start = time.perf_counter()
    bundle = fit_bundle(train, load_config(), scheme, {}, "bench")
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    textcat = SpacyTextcat().fit(train.texts, train.concerns)
    textcat_s = time.perf_counter() - start
    keywords = KeywordBaseline(concern_ids=scheme.concern_ids).fit(train.texts, train.concerns)
    keyword_need = KeywordNeedLevel(concern_ids=scheme.concern_ids).fit(train.texts, train.need_rank)

    header = ("| family | concerns macro F1 | micro F1 | concern ECE | need QWK | under-triage | need ECE |\n"
              "|---|---:|---:|---:|---:|---:|---:|")
    for title, data in (("generated test set", test), ("hand-written independent set", independent)):
        print(f"\n{title} ({len(data)} referrals; trained on {len(train)})\n{header}")
        features = bundle.concern_model.vectorize(data.texts)
        prob, thresholds = bundle.concern_model.predict_with_thresholds(features)
        need = bundle.need_model.predict_all(features)
        print(_row(f"ours ({ours_s:.0f} s fit)", data, prob, (prob > thresholds).astype(int),
                   need.level, need.probability, scheme))
        prob = textcat.predict_proba(data.texts)
        print(_row(f"spaCy textcat ({textcat_s:.0f} s fit)", data, prob, textcat.predict(data.texts), None, None, scheme))
        prob = keywords.predict_proba(data.texts)
        level_prob = keyword_need.predict_proba(data.texts)
        print(_row("keywords", data, prob, keywords.predict(data.texts), keyword_need.predict(data.texts),
                   level_prob, scheme))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
