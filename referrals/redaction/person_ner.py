"""The redactor's own person-name model: a one-label spaCy NER trained on gold name spans.

Why: en_core_web_sm's NER was trained on news for 18 labels. On referral writing it
finds about half the gold names exactly, and it took about 60% of the redactor's time.
The redactor reads only its PERSON results, so a model that knows one label, with a
narrower encoder, trained on the PERSON spans of referrals (written and generated), is
both better at the job and about three times faster. The rules (name guard, name cues,
propagation) still run on its results, as they did on en_core_web_sm's.

What it keeps: spaCy saves the vocabulary's strings with a pipeline, and a model trained
on an authority's own referrals would carry their words. So the saved pipeline is
rebuilt in a fresh vocabulary: only the label and the tokenizer's own strings are
written. The hashed feature tables hold numbers, not words. Every file is listed with
its SHA-256 (``pipeline_files``), checked before the directory is ever loaded.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from tqdm import tqdm

from referrals import pii_types
from referrals.errors import ConfigError, TriageError
from referrals.redaction.pipeline_files import write_manifest

LABEL = pii_types.PERSON
PIPELINE_NAME = "person_ner"
REPORT = "training.json"

GoldReferral = tuple[str, list[tuple[int, int]]]
"""A narrative and the character spans of the names in it."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Model(_Strict):
    width: int = Field(gt=0)
    depth: int = Field(gt=0)
    rows: Annotated[list[int], Field(min_length=4, max_length=4)]
    hidden_width: int = Field(gt=0)


class _Training(_Strict):
    epochs: int = Field(gt=0)
    dropout: float = Field(ge=0.0, lt=1.0)
    batch_start: int = Field(gt=0)
    batch_stop: int = Field(gt=0)
    dev_share: float = Field(ge=0.0, lt=1.0)
    data_copies: int = Field(gt=0)
    generated: int = Field(ge=0)
    generated_seed: int
    seed: int


class NerSettings(_Strict):
    """How the model is built and trained (``conf/person_ner.yaml`` documents each key)."""

    version: Literal[1]
    model: _Model
    training: _Training


def default_settings_path() -> Path:
    return Path(str(resources.files("referrals.redaction").joinpath("conf", "person_ner.yaml")))


def load_settings(path: Path | None = None) -> NerSettings:
    """Read and validate the training settings; an error names the file and the key."""
    path = path or default_settings_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return NerSettings.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not readable YAML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        key = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{path}: key {key!r}: {first['msg']}") from None


def person_gold(referrals: Iterable[Any]) -> list[GoldReferral]:
    """Each referral's text with its gold PERSON spans (contract records with ``pii``)."""
    return [
        (r.text, [(span.start, span.end) for span in r.pii or [] if span.type == LABEL])
        for r in referrals
    ]


def build_pipeline(settings: NerSettings) -> Any:
    """A blank English pipeline with one untrained NER of the configured size."""
    import spacy

    model = settings.model
    tok2vec = {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2", "width": model.width,
            "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "rows": list(model.rows),
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2", "width": model.width,
            "depth": model.depth, "window_size": 1, "maxout_pieces": 3,
        },
    }
    nlp = spacy.blank("en")
    nlp.meta["name"] = PIPELINE_NAME
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": model.hidden_width, "maxout_pieces": 2,
        "use_upper": True, "nO": None, "tok2vec": tok2vec,
    }})
    return nlp


def make_examples(nlp: Any, gold: Sequence[GoldReferral]) -> tuple[list[Any], int]:
    """spaCy examples with every gold name as an entity; names overlapping one already
    taken are counted and left out (a gold file should have none)."""
    from spacy.training import Example

    examples, skipped = [], 0
    for text, spans in gold:
        reference = nlp.make_doc(text)
        entities, taken = [], set()
        for start, end in sorted(spans):
            span = reference.char_span(start, end, label=LABEL, alignment_mode="expand")
            if span is None or taken & set(range(span.start, span.end)):
                skipped += 1
                continue
            taken.update(range(span.start, span.end))
            entities.append(span)
        reference.ents = entities
        examples.append(Example(nlp.make_doc(text), reference))
    return examples, skipped


@dataclass
class EpochScore:
    epoch: int
    loss: float
    dev_precision: float | None
    dev_recall: float | None
    dev_f: float | None


@dataclass
class TrainedNer:
    """The trained pipeline (best epoch on the dev share) and what training saw."""

    nlp: Any
    best_epoch: int
    epochs: list[EpochScore] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def split_dev(gold: Sequence[GoldReferral], share: float, seed: int) -> tuple[list[GoldReferral], list[GoldReferral]]:
    """(train, dev): a seeded shuffle of the written referrals, ``share`` of them for dev."""
    shuffled = list(gold)
    random.Random(seed).shuffle(shuffled)
    n_dev = int(len(shuffled) * share)
    return shuffled[n_dev:], shuffled[:n_dev]


def train_person_ner(
    written: Sequence[GoldReferral], generated: Sequence[GoldReferral], settings: NerSettings,
    progress: bool = True, report: Any = print,
) -> TrainedNer:
    """Train on the written referrals (``data_copies`` times) and the generated ones; keep
    the epoch whose averaged weights score best on the held-out share of written ones."""
    from spacy.util import compounding, fix_random_seed, minibatch

    train = settings.training
    if not any(spans for _, spans in [*written, *generated]):
        raise TriageError("no gold PERSON spans to learn from: the files need `pii` spans of type PERSON")
    fix_random_seed(train.seed)
    nlp = build_pipeline(settings)
    written_train, written_dev = split_dev(written, train.dev_share, train.seed)
    train_examples, skipped = make_examples(nlp, list(written_train) * train.data_copies + list(generated))
    dev_examples, _ = make_examples(nlp, written_dev)
    optimizer = nlp.initialize(lambda: train_examples[:500])
    rng = random.Random(train.seed)
    result = TrainedNer(nlp=nlp, best_epoch=-1, counts={
        "written_train": len(written_train), "written_dev": len(written_dev),
        "generated": len(generated), "names_skipped": skipped,
        "names": sum(len(spans) for _, spans in [*written_train, *generated]),
    })
    best_f, best_bytes = -1.0, b""
    for epoch in range(train.epochs):
        rng.shuffle(train_examples)
        losses: dict[str, float] = {}
        batches = minibatch(train_examples, size=compounding(train.batch_start, train.batch_stop, 1.001))
        bar = tqdm(total=len(train_examples), desc=f"train-ner epoch {epoch + 1}/{train.epochs}",
                   unit="ref", disable=not progress, leave=False)
        for batch in batches:
            nlp.update(batch, drop=train.dropout, sgd=optimizer, losses=losses)
            bar.update(len(batch))
        bar.close()
        with nlp.use_params(optimizer.averages):
            scores = nlp.evaluate(dev_examples) if dev_examples else {}
            score = EpochScore(epoch + 1, round(float(losses.get("ner", 0.0)), 1), _score(scores, "ents_p"),
                               _score(scores, "ents_r"), _score(scores, "ents_f"))
            f = score.dev_f if score.dev_f is not None else float(epoch)  # no dev: the last epoch
            if f > best_f:
                best_f, best_bytes, result.best_epoch = f, nlp.get_pipe("ner").to_bytes(exclude=["vocab"]), epoch + 1
        result.epochs.append(score)
        report(_epoch_line(score))
    result.nlp = _fresh_copy(settings, best_bytes)
    return result


def _score(scores: dict[str, Any], key: str) -> float | None:
    value = scores.get(key)
    return None if value is None else round(float(value), 4)


def _epoch_line(score: EpochScore) -> str:
    if score.dev_f is None:
        return f"epoch {score.epoch}: loss {score.loss:.1f} (no dev share)"
    return (f"epoch {score.epoch}: loss {score.loss:.1f}, dev names precision {score.dev_precision:.3f} "
            f"recall {score.dev_recall:.3f} F {score.dev_f:.3f}")


def _fresh_copy(settings: NerSettings, ner_bytes: bytes) -> Any:
    """The trained NER in a new pipeline whose vocabulary never saw the training text."""
    nlp = build_pipeline(settings)
    nlp.get_pipe("ner").from_bytes(ner_bytes, exclude=["vocab"])
    return nlp


def save_pipeline(trained: TrainedNer, settings: NerSettings, out: Path, sources: dict[str, str]) -> str:
    """Write the pipeline, ``training.json`` (settings, figures, input digests; no text)
    and ``sha256.json`` into ``out``, replacing it whole; return the manifest's digest."""
    out = Path(out)
    staging = out.with_name(out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    trained.nlp.to_disk(staging)
    (staging / REPORT).write_text(json.dumps({
        "settings": settings.model_dump(), "best_epoch": trained.best_epoch,
        "epochs": [asdict(e) for e in trained.epochs], "counts": trained.counts, "sources": sources,
    }, indent=1) + "\n", encoding="utf-8")
    digest = write_manifest(staging)
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return digest
