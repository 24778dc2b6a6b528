"""The redaction engine: one :class:`Redactor` that training and serving both call.

It loads the spaCy model and builds the recognizer registry once, then redacts one
text (``redact``) or many through ``nlp.pipe`` (``redact_many``). Any failure raises
:class:`RedactionError`; unredacted text is never returned, and nothing here logs
narrative text or the values found (only counts).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpArtifacts

from referrals import pii_types
from referrals.contract import FoundSpan
from referrals.errors import RedactionError, TriageError
from referrals.redaction import anonymise
from referrals.redaction.config import RedactionConfig, load_config
from referrals.redaction.context import WindowContextEnhancer
from referrals.redaction.kept_vocabulary import shipped_vocabulary
from referrals.redaction.name_guard import NameGuard, join_hyphenated_names
from referrals.redaction.nlp import OfflineSpacyNlpEngine, load_pipeline
from referrals.redaction.propagation import propagate_names
from referrals.redaction.recognizers import (
    NEEDS_STOP_WORDS,
    RECOGNIZER_CLASSES,
    TriageKnownIdentifierRecognizer,
    deny_list_recognizer,
)

logger = logging.getLogger(__name__)

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0/C1 controls except tab, newline and carriage return."""
LONE_SURROGATES = re.compile(r"[\ud800-\udfff]")

ERROR_NOT_TEXT = "text must be a str, got {kind}"
ERROR_TOO_LONG = "text has {length} characters; the limit is {limit} (config {path})"
ERROR_CONTROL = "text contains control characters and the config rejects them (config {path})"
ERROR_FAILED = "redaction failed ({kind}); the text was not passed on"
ERROR_MODE = "unknown mode {mode!r}; allowed: placeholder, surrogate"
ERROR_KNOWN = "known_identifiers_list has {got} entries for {expected} texts"

DEFAULT_BATCH_SIZE = 64


@dataclass
class RedactionResult:
    """A redacted text and what was replaced.

    ``spans`` point into the redacted ``text`` (for highlighting on the review page).
    ``raw_spans`` point into the input as cleaned (same length as the input unless the
    config strips control characters); they exist for evaluation in memory only and
    must never be written out beside the raw text.
    """

    text: str
    spans: list[FoundSpan] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    raw_spans: list[FoundSpan] = field(default_factory=list, repr=False)


class Redactor:
    """Loads the model and recognizers once; redacts any number of texts.

    Build it with :func:`build_redactor`. ``config_hash`` and ``model_name`` identify
    what redacted a file (they go into the redaction manifest).
    """

    def __init__(self, config: RedactionConfig) -> None:
        self.config = config
        self.config_hash = config.config_hash
        self.language = config.language
        self.nlp, self.model_name = load_pipeline(config)
        self.nlp_engine = OfflineSpacyNlpEngine(self.nlp, config.language)
        stop_words = sorted(self.nlp.Defaults.stop_words)
        self.stop_words = frozenset(word.lower() for word in stop_words)
        recognizers: list[EntityRecognizer] = []
        for name in config.recognizers:
            cls: Any = RECOGNIZER_CLASSES[name]
            recognizers.append(cls(stop_words) if name in NEEDS_STOP_WORDS else cls())
        for entity, terms in config.deny_list.items():
            if terms:
                recognizers.append(deny_list_recognizer(entity, list(terms)))
        registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[self.language])
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=self.nlp_engine,
            supported_languages=[self.language],
            context_aware_enhancer=WindowContextEnhancer(
                boost=config.context_boost,
                prefix_words=config.context_prefix_words,
                suffix_words=config.context_suffix_words,
            ),
        )
        self.entities = list(config.entities)
        self.allow_list = frozenset(term.casefold() for term in config.allow_list)
        self.name_guard = NameGuard(shipped_vocabulary(), self.stop_words)

    # --- input checks -------------------------------------------------------------------

    def clean(self, value: object) -> str:
        """Check a text and handle control characters as the config says.

        Raises RedactionError for a non-str, for text over ``limits.max_text_chars``,
        and for control characters when ``limits.control_characters`` is ``reject``.
        ``replace`` (the default) turns each into a space so offsets are unchanged;
        lone surrogates (not valid Unicode text) always become U+FFFD.
        """
        if not isinstance(value, str):
            raise RedactionError(ERROR_NOT_TEXT.format(kind=type(value).__name__))
        text: str = value
        if len(text) > self.config.max_text_chars:
            raise RedactionError(ERROR_TOO_LONG.format(
                length=len(text), limit=self.config.max_text_chars, path=self.config.path))
        text = LONE_SURROGATES.sub("\ufffd", text)
        if CONTROL_CHARACTERS.search(text):
            mode = self.config.control_characters
            if mode == "reject":
                raise RedactionError(ERROR_CONTROL.format(path=self.config.path))
            text = CONTROL_CHARACTERS.sub(" " if mode == "replace" else "", text)
        return text

    # --- public API ---------------------------------------------------------------------

    def redact(
        self,
        text: str,
        known_identifiers: Sequence[str] | None = None,
        mode: str = "placeholder",
    ) -> RedactionResult:
        """Redact one text. ``known_identifiers`` are the form's own values (names, DOB...)."""
        self._check_mode(mode)
        cleaned = self.clean(text)
        if not cleaned.strip():
            return RedactionResult(text=cleaned)
        try:
            artifacts = self.nlp_engine.process_text(cleaned, self.language)
            return self._finish(cleaned, artifacts, known_identifiers, mode)
        except TriageError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure must stop the text
            raise RedactionError(ERROR_FAILED.format(kind=type(exc).__name__)) from None

    def redact_many(
        self,
        texts: Iterable[str],
        known_identifiers_list: Iterable[Sequence[str] | None] | None = None,
        *,
        mode: str = "placeholder",
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> Iterator[RedactionResult]:
        """Redact texts in order, batching them through ``nlp.pipe``; yields as it goes.

        The input is consumed lazily, so a file of any size streams in constant memory.
        """
        self._check_mode(mode)
        if batch_size < 1:
            raise RedactionError(f"batch_size must be at least 1, got {batch_size}")
        texts_iter = iter(texts)
        known_iter = iter(known_identifiers_list) if known_identifiers_list is not None else None
        pending: list[tuple[str, Sequence[str] | None]] = []
        while True:
            pending.clear()
            for text in texts_iter:
                known = self._next_known(known_iter)
                pending.append((self.clean(text), known))
                if len(pending) >= batch_size:
                    break
            if not pending:
                if known_iter is not None and next(known_iter, _END) is not _END:
                    raise RedactionError(ERROR_KNOWN.format(got="more", expected="fewer"))
                return
            yield from self._redact_batch(list(pending), mode, batch_size)

    # --- internals ------------------------------------------------------------------------

    @staticmethod
    def _check_mode(mode: str) -> None:
        if mode not in anonymise.MODES:
            raise RedactionError(ERROR_MODE.format(mode=mode))

    @staticmethod
    def _next_known(known_iter: Iterator[Sequence[str] | None] | None) -> Sequence[str] | None:
        if known_iter is None:
            return None
        known = next(known_iter, _END)
        if known is _END:
            raise RedactionError(ERROR_KNOWN.format(got="fewer", expected="more"))
        return known  # type: ignore[return-value]

    def _redact_batch(
        self, batch: list[tuple[str, Sequence[str] | None]], mode: str, batch_size: int
    ) -> Iterator[RedactionResult]:
        try:
            to_process: list[tuple[str, object]] = [
                (text, index) for index, (text, _) in enumerate(batch) if text.strip()
            ]
            done: dict[int, RedactionResult] = {}
            for output in self.nlp_engine.process_batch(
                to_process, self.language, batch_size=batch_size, as_tuples=True
            ):
                _, artifacts, index = output  # type: ignore[misc]
                text, known = batch[index]
                done[index] = self._finish(text, artifacts, known, mode)
        except TriageError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure must stop the batch
            raise RedactionError(ERROR_FAILED.format(kind=type(exc).__name__)) from None
        for index, (text, _) in enumerate(batch):
            yield done.get(index) or RedactionResult(text=text)

    def _finish(
        self,
        text: str,
        artifacts: NlpArtifacts,
        known_identifiers: Sequence[str] | None,
        mode: str,
    ) -> RedactionResult:
        ad_hoc: list[EntityRecognizer] | None = None
        if known_identifiers:
            if isinstance(known_identifiers, str) or not all(
                isinstance(value, str) for value in known_identifiers
            ):
                raise RedactionError("known_identifiers must be a list of str")
            ad_hoc = [TriageKnownIdentifierRecognizer(known_identifiers)]
        results = self.analyzer.analyze(
            text=text, language=self.language, entities=self.entities,
            nlp_artifacts=artifacts, ad_hoc_recognizers=ad_hoc,
        )
        person_threshold = self.config.thresholds.get(pii_types.PERSON)
        if person_threshold is not None and artifacts.tokens is not None:
            view = self.name_guard.view(text, artifacts.tokens)
            results = self.name_guard.keep(view, results)
            join_hyphenated_names(text, results)
            propagated = self.name_guard.keep(view, propagate_names(
                text, artifacts.tokens, results, threshold=person_threshold,
                stop_words=self.stop_words, cased=view.cased,
            ))
            join_hyphenated_names(text, propagated)
            results += propagated
        spans = anonymise.resolve(
            text, results, thresholds=self.config.thresholds, allow_list=self.allow_list
        )
        redacted, out_spans = anonymise.replace(text, spans, mode)
        counts = Counter(span.type for span in spans)
        logger.debug("redacted %d span(s): %s", len(spans), dict(counts))
        return RedactionResult(
            text=redacted,
            spans=[_found(s) for s in out_spans],
            counts=dict(counts),
            raw_spans=[_found(s) for s in spans],
        )


_END = object()


def _found(span: anonymise.Span) -> FoundSpan:
    return FoundSpan(start=span.start, end=span.end, type=span.type, score=round(span.score, 4))


def build_redactor(config_path: Path | None = None) -> Redactor:
    """Build a Redactor from a YAML config (the shipped social-care default when None)."""
    return Redactor(load_config(config_path))


@lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    """The shared default Redactor, built on first use and then reused."""
    return build_redactor()


def redact(text: str, known_identifiers: Sequence[str] | None = None) -> str:
    """Redact ``text`` with the default config and placeholders; the simple entry point."""
    return str(default_redactor().redact(text, known_identifiers).text)
