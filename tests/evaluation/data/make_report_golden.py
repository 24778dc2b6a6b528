"""Write the golden metrics.json and model card that test_report_golden.py compares against.

Run from the repository root: ``python tests/evaluation/data/make_report_golden.py``.
The input is simulated (tests/evaluation/simulation.py) with a raised group so the audit
raises flags, pairs so pair partitions appear, a small minimum so some groups are too
small, "uncertain" flags and redaction recall, and the model and redaction sections that
``evaluation.run.evaluate`` adds. The files were first written by the dict-returning
report (before typed results, commit 642b7c6), so the test proves the typed report
serialises to the same bytes; regenerate only for a deliberate change to
metrics.json, and say so in the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from simulation import GroupRaise, simulate_input

from evaluation.audit import AuditOptions
from evaluation.predictions import EvaluationInput
from evaluation.report import ReportOptions
from evaluation.report_types import EvaluationReport, ModelInfo
from referrals.labels import LabelScheme, load_scheme

GOLDEN_JSON = HERE / "report_golden.json"
GOLDEN_CARD = HERE / "model_card_golden.md"
OPTIONS = ReportOptions(n_boot=40, seed=3, audit=AuditOptions(
    attributes=("ethnicity", "gender"), pairs=True, min_group_size=40))
MODEL = {"uri": "models:/referral-triage/7", "name": "referral-triage", "version": "7",
         "model_version": "golden", "training_data_fingerprint": "0" * 16}
REDACTION = {"input": "golden.jsonl", "n_records": 900, "rejected": 0}


def golden_input(scheme: LabelScheme) -> EvaluationInput:
    """The simulated evaluation input the golden files describe."""
    data = simulate_input(n=900, n_concerns=len(scheme.concern_ids), seed=42, n_authorities=6,
                          raise_group=GroupRaise("ethnicity", "Black", 0.6))
    uncertain = np.zeros(data.concerns_prob.shape, dtype=bool)
    uncertain[::7, 1] = True
    data.concerns_uncertain = uncertain
    data.redaction_recall = {"english": (97, 100), "polish": (40, 50), "none": (0, 0)}
    return data


def golden_report(scheme: LabelScheme) -> EvaluationReport:
    """The typed report of the golden input, with the sections ``evaluation.run`` adds."""
    from evaluation.report import build_report

    return build_report(golden_input(scheme), scheme, OPTIONS).with_provenance(
        model=ModelInfo(**MODEL), redaction=REDACTION)


def metrics_text(metrics: dict[str, Any]) -> str:
    """metrics.json exactly as evaluation.run writes it."""
    return json.dumps(metrics, indent=1, allow_nan=False)


def main() -> None:
    from evaluation.model_card import build_model_card, load_card_fields

    scheme = load_scheme()
    report = golden_report(scheme)
    GOLDEN_JSON.write_text(metrics_text(report.to_json_dict()), encoding="utf-8")
    GOLDEN_CARD.write_text(build_model_card(report, load_card_fields()), encoding="utf-8")
    print(f"wrote {GOLDEN_JSON} ({GOLDEN_JSON.stat().st_size:,} bytes) and {GOLDEN_CARD}")


if __name__ == "__main__":
    main()
