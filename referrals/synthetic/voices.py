"""Referrer voices (voices.yaml) and the composition of a narrative from a scenario.

Each source writes in its own register: a police notification is terse and full of
abbreviations and form fields; a DSL writes paragraphs; a neighbour rambles in lower
case; a parent writes in the first person. The composer lays out header, opener,
concern sentences (one or more per concern, the first at the concern's severity),
context lines (negated, resolved and decoy mentions, history, protective factors,
consent), a request and a sign-off, in orders and joins that vary per record.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from referrals import pii_types
from referrals.errors import ConfigError
from referrals.synthetic.phrasing import SEVERITY_NAMES, Phrase, PhraseBook, SlotFiller
from referrals.synthetic.scenario import Scenario, WeightedChoice
from referrals.synthetic.text import GoldSpan, Template, compile_template

VOICES_FILE = "voices.yaml"
LENGTHS = ("terse", "short", "medium", "long")
_HEADER_CHANCE = {"terse": 0.3, "short": 0.45, "medium": 0.6, "long": 0.8}
_OPENER_CHANCE = {"terse": 0.25, "short": 0.6, "medium": 0.85, "long": 0.95}
_LINES_PER_CONCERN = {"terse": (1, 1), "short": (1, 1), "medium": (1, 2), "long": (2, 3)}
_NEGATED = {"terse": (0, 1), "short": (0, 2), "medium": (1, 3), "long": (2, 4)}
_RESOLVED_CHANCE = {"terse": 0.05, "short": 0.1, "medium": 0.2, "long": 0.3}
_DECOY_CHANCE = {"terse": 0.1, "short": 0.2, "medium": 0.3, "long": 0.45}
_JOINS = {"space": " ", "newline": "\n", "bullets": "\n- "}
LAYOUTS = ("prose", "form", "chronology")
_CHILD_VOICE_CHANCE = {"terse": 0.05, "short": 0.15, "medium": 0.3, "long": 0.45}
_CHILD_VOICE_BANDS = frozenset({"5-9", "10-15", "16-17"})
_REQUEST_CHANCE = 0.45
_REQUEST_AT_LEVEL = 0.7
"""Share of requests that state the referrer's view of the level: real referrers often do
("I believe this meets the threshold for a section 47"), and are sometimes a level out."""
_FORM_SECTIONS = ("reason", "voice", "history", "other", "strengths", "consent", "request")
_SECTION_OF = {"opener": "reason", "pregnancy": "reason", "infant": "reason", "concern": "reason",
               "general": "reason",
               "voice": "voice", "history": "history", "resolved": "history", "negated": "other",
               "decoy": "other", "protective": "strengths", "consent": "consent",
               "request": "request"}
_HEADING_STYLES = ("form", "sos")
_CLOCK = ("09:10", "10:45", "13:20", "15:30", "08:50", "16:05", "11:15", "14:40")


@dataclass(frozen=True)
class Voice:
    """How one kind of referrer writes (compiled from voices.yaml)."""

    name: str
    formal: bool
    named: float
    lengths: WeightedChoice
    joins: WeightedChoice
    headers: tuple[tuple[str | None, Template], ...]
    """(concern the header implies or None, template): a DA form only for DA referrals."""
    openers: tuple[Template, ...]
    lead_ins: tuple[Template, ...]
    closings: tuple[Template, ...]
    roles: dict[str, tuple[str, ...]]
    lowercase_rate: float = 0.0
    first_person: bool = False
    family: str = ""
    """The kind of referrer for sign-offs and e-mail domains (police, school, health...)."""
    registers: tuple[str, ...] = ()
    """Phrase registers this voice prefers (``concerns.<id>.<register>.<severity>``)."""
    register_rate: float = 0.6
    layouts: WeightedChoice | None = None
    register_noise: str | None = None
    """``informal`` (text-speak, misspellings) or ``shorthand`` (DA, w/, hx, NFA)."""


def _templates(entry: dict[str, Any], key: str, name: str) -> tuple[Template, ...]:
    values = entry.get(key, [""])
    if not isinstance(values, list):
        raise ConfigError(f"{VOICES_FILE}: {name}.{key} must be a list")
    return tuple(compile_template(str(v)) for v in values) or (compile_template(""),)


def _header(line: str) -> tuple[str | None, Template]:
    if line.startswith("["):
        concern, _, rest = line[1:].partition("] ")
        return concern, compile_template(rest)
    return None, compile_template(line)


@lru_cache(maxsize=1)
def load_voices() -> dict[str, Voice]:
    """Every voice in the packaged voices.yaml."""
    raw = yaml.safe_load(
        resources.files("referrals.synthetic.data").joinpath(VOICES_FILE).read_text("utf-8")
    )
    if not isinstance(raw, dict):
        raise ConfigError(f"{VOICES_FILE}: must be a mapping of voice names")
    voices = {}
    for name, entry in raw.items():
        try:
            voices[name] = Voice(
                name=name,
                formal=bool(entry.get("formal", True)),
                named=float(entry.get("named", 0.5)),
                lengths=WeightedChoice({k: float(entry["lengths"].get(k, 0)) for k in LENGTHS}),
                joins=WeightedChoice({k: float(v) for k, v in entry["join"].items()}),
                headers=tuple(_header(str(h)) for h in entry.get("headers", [""])),
                openers=_templates(entry, "openers", name),
                lead_ins=tuple(t for t in _templates(entry, "lead_ins", name) if t != (("", None),)),
                closings=_templates(entry, "closings", name),
                roles={k: tuple(v) for k, v in (entry.get("roles") or {}).items()},
                lowercase_rate=float(entry.get("lowercase_rate", 0.0)),
                first_person=bool(entry.get("first_person", False)),
                family=str(entry.get("family", name)),
                registers=tuple(str(r) for r in entry.get("registers", [name])),
                register_rate=float(entry.get("register_rate", 0.6)),
                layouts=WeightedChoice({k: float(v) for k, v in
                                        (entry.get("layouts") or {"prose": 1.0}).items()}),
                register_noise=entry.get("register_noise"),
            )
            unknown = [k for k in voices[name].layouts.keys if k not in LAYOUTS]  # type: ignore[union-attr]
            if unknown:
                raise ValueError(f"unknown layout(s) {unknown}; allowed: {list(LAYOUTS)}")
            if voices[name].register_noise not in (None, "informal", "shorthand"):
                raise ValueError("register_noise must be informal or shorthand")
        except (KeyError, AttributeError, TypeError, ValueError) as exc:
            raise ConfigError(f"{VOICES_FILE}: voice {name!r} is invalid: {exc}") from exc
    return voices


@dataclass
class Rendered:
    """A narrative with its exact gold spans and what each sentence was about."""

    text: str
    spans: list[GoldSpan]
    mentions: list[tuple[str, str | None]] = field(default_factory=list)
    """(kind, concern id or None) per sentence: concern, negated, resolved, decoy, ..."""


def plan_mentions(scenario: Scenario, voice: Voice, rng: random.Random,
                  weights: dict[str, float], ages: dict[str, frozenset[str]]) -> tuple[str, Scenario]:
    """Choose the length, and which absent concerns are negated, resolved or used as decoys.

    Only concerns *absent* from the scenario are chosen, so these mentions never carry a
    label; ``weights`` (the base rates) make the usual ones ("no concerns about alcohol")
    the most frequent. Only concerns possible at the child's age are mentioned (``ages``).
    """
    length = voice.lengths.draw(rng)
    band = scenario.age_band
    absent = [c for c in weights if c not in scenario.concerns and band in ages[c]]
    low, high = _NEGATED[length]
    count = rng.randint(low, high)
    if voice.first_person:
        count = 0  # a parent asking for help does not rule concerns out like a professional
    negated = _sample(absent, weights, count, rng)
    rest = [c for c in absent if c not in negated]
    resolved = _sample(rest, weights, 1, rng) if rng.random() < _RESOLVED_CHANCE[length] else ()
    rest = [c for c in rest if c not in resolved]
    decoys = _sample(rest, weights, 1, rng) if rng.random() < _DECOY_CHANCE[length] else ()
    scenario.negated, scenario.resolved, scenario.decoys = negated, resolved, decoys
    return length, scenario


def _sample(items: list[str], weights: dict[str, float], count: int,
            rng: random.Random) -> tuple[str, ...]:
    chosen: list[str] = []
    pool = list(items)
    while pool and len(chosen) < count:
        pick = rng.choices(pool, [weights[c] + 0.01 for c in pool])[0]
        chosen.append(pick)
        pool.remove(pick)
    return tuple(chosen)


@dataclass
class _Sentence:
    kind: str
    concern: str | None
    template: Template
    lead_in: bool = False
    section: str = ""


def compose(scenario: Scenario, length: str, voice: Voice, book: PhraseBook,
            filler: SlotFiller, rng: random.Random) -> Rendered:
    """Render the narrative of ``scenario`` in ``voice`` into the filler's builder.

    The layout decides how the sentences are laid out: ``prose`` (joined by spaces,
    new lines or bullets), ``form`` (headed sections: "Reason for referral:",
    "Child's voice:", "Strengths:", "Consent:"...), or ``chronology`` (dated entries).
    """
    builder = filler.builder
    band, gender = scenario.age_band, scenario.child.gender
    mentions: list[tuple[str, str | None]] = []

    def pick(path: tuple[str, ...]) -> Phrase:
        return rng.choice(book.pool(path, band, gender))

    layout = voice.layouts.draw(rng) if voice.layouts is not None else "prose"
    if length == "terse" and layout != "prose" and rng.random() < 0.5:
        layout = "prose"
    if rng.random() < _HEADER_CHANCE[length]:
        needs, header = rng.choice(voice.headers)
        if header != (("", None),) and (needs is None or needs in scenario.concerns):
            filler.render(header, noisy=False)
            builder.plain("\n\n" if rng.random() < 0.6 else "\n")
            mentions.append(("header", None))

    body: list[_Sentence] = []
    if rng.random() < _OPENER_CHANCE[length]:
        opener = rng.choice(voice.openers)
        if opener != (("", None),):
            body.append(_Sentence("opener", None, opener))
    if band == "unborn":
        body.append(_Sentence("pregnancy", None, pick(("pregnancy",)).template))
    elif scenario.infant:  # the need rule raises a level for a baby: the text says it is one
        body.append(_Sentence("infant", None, pick(("infant",)).template))
    body.extend(_concern_sentences(scenario, length, voice, book, rng, pick))
    if not scenario.concerns:
        general = ("parent_general",) if voice.first_person else ("general",)
        for phrase in _distinct(book.pool(general, band, gender), rng.randint(1, 2), rng):
            body.append(_Sentence("general", None, phrase.template))

    extras = _extra_sentences(scenario, length, voice, book, rng, pick)
    if length in ("medium", "long") and extras and layout == "prose":
        for sentence in extras:
            body.insert(rng.randint(min(2, len(body)), len(body)), sentence)
    else:
        body.extend(extras)
    if scenario.consent != "not_recorded" and not voice.first_person and (
        length != "terse" or rng.random() < 0.3
    ):
        section = ("consent_field", scenario.consent)
        if layout != "form" or not book.has(section) or rng.random() < 0.3:
            section = ("consent", scenario.consent)
        body.append(_Sentence("consent", None, pick(section).template))
    if length != "terse" and not voice.first_person and rng.random() < _REQUEST_CHANCE:
        body.append(_Sentence("request", None, _request(scenario, book, rng, pick)))

    if layout == "form":
        _write_form(body, book, filler, rng, pick, mentions)
    else:
        _write_prose(body, voice, length, layout, filler, rng, mentions)

    if length != "terse" and rng.random() < 0.75:
        closing = rng.choice(voice.closings)
        if closing != (("", None),):
            builder.plain("\n" if rng.random() < 0.6 or layout != "prose" else " ")
            builder.capitalise_next = True
            filler.render(closing, noisy=False)
            builder.capitalise_next = False
            mentions.append(("closing", None))
    text = builder.text()
    if not text.strip():
        builder.plain("Referral received.")
        text = builder.text()
    return Rendered(text, builder.spans, mentions)


def _extra_sentences(scenario: Scenario, length: str, voice: Voice, book: PhraseBook,
                     rng: random.Random, pick: Callable[[tuple[str, ...]], Phrase]) -> list[_Sentence]:
    """Negated, resolved and decoy mentions, history and protective factors, shuffled.

    These are the sentences that must not raise a concern's label; they are drawn in a
    fixed order from ``rng`` so a seed gives the same referral byte for byte.
    """
    extras = [_Sentence(kind, concern, pick(("concerns", concern, kind)).template)
              for kind, group in (("negated", scenario.negated), ("resolved", scenario.resolved),
                                  ("decoy", scenario.decoys))
              for concern in group]
    prefix = "parent_" if voice.first_person else ""
    shown = scenario.history == "previous_plan"  # it raises the level, so it is always said
    if scenario.history != "none" and (length != "terse" or shown or rng.random() < 0.5):
        extras.append(_Sentence("history", None, pick((f"{prefix}history", scenario.history)).template))
    protective_pool = book.pool((f"{prefix}protective",), scenario.age_band, scenario.child.gender)
    for phrase in _distinct(protective_pool, scenario.protective, rng):
        extras.append(_Sentence("protective", None, phrase.template))
    rng.shuffle(extras)
    return extras


def _mention_kind(sentence: _Sentence) -> str:
    return "child_voice" if sentence.section == "voice" else sentence.kind


def _request(scenario: Scenario, book: PhraseBook, rng: random.Random, pick: Any) -> Template:
    """A closing request, usually stating the referrer's view of the level (sometimes a level out)."""
    if rng.random() < _REQUEST_AT_LEVEL:
        rank = scenario.true_rank
        if rng.random() < 0.25:
            rank += 1 if rng.random() < 0.6 else -1
        path = ("requests_by_rank", str(max(rank, 0)))
        if book.has(path):
            return pick(path).template  # type: ignore[no-any-return]
    return pick(("requests",)).template  # type: ignore[no-any-return]


def _render_sentence(sentence: _Sentence, voice: Voice | None, filler: SlotFiller,
                     rng: random.Random) -> None:
    builder = filler.builder
    builder.capitalise_next = True
    if sentence.lead_in and voice is not None and voice.lead_ins and rng.random() < 0.35:
        filler.render(rng.choice(voice.lead_ins))
    if sentence.concern is not None and sentence.kind == "concern":
        filler.adult = _affected_person(filler.scenario, sentence.concern)
    filler.render(sentence.template)


def _write_prose(body: list[_Sentence], voice: Voice, length: str, layout: str,
                 filler: SlotFiller, rng: random.Random,
                 mentions: list[tuple[str, str | None]]) -> None:
    """Sentences joined by the voice's separator, or as dated chronology entries."""
    builder = filler.builder
    chronology = layout == "chronology"
    separator = "\n" if chronology else _JOINS[voice.joins.draw(rng)]
    dated = [i for i, s in enumerate(body) if s.kind not in ("opener", "consent", "request")]
    days = sorted((rng.randrange(0, 120) for _ in dated), reverse=rng.random() < 0.3)
    day_of = dict(zip(dated, days, strict=True))
    stamp = rng.choice((" - ", ": ", " ", " – ")) if chronology else ""
    for position, sentence in enumerate(body):
        if position:
            builder.plain(separator)
        elif separator == "\n- ":
            builder.plain("- ")
        if chronology and position in day_of:
            builder.pii(filler.date_text(day_of[position]), pii_types.DATE)
            if rng.random() < 0.3:
                builder.plain(" " + rng.choice(_CLOCK))
            builder.plain(stamp)
        _render_sentence(sentence, voice, filler, rng)
        last = position == len(body) - 1
        if not builder.ends_with(".!?") and not (last and length == "terse" and rng.random() < 0.5):
            builder.plain(".")
        builder.capitalise_next = False
        mentions.append((_mention_kind(sentence), sentence.concern))


def _write_form(body: list[_Sentence], book: PhraseBook, filler: SlotFiller,
                rng: random.Random, pick: Any, mentions: list[tuple[str, str | None]]) -> None:
    """Headed sections, as on a multi-agency referral form or a Signs of Safety summary."""
    builder = filler.builder
    style = rng.choice(_HEADING_STYLES)
    sections: dict[str, list[_Sentence]] = {}
    for sentence in body:
        sections.setdefault(sentence.section or _SECTION_OF.get(sentence.kind, "other"),
                            []).append(sentence)
    bullets = rng.random() < 0.35
    inline = rng.random() < 0.4
    first = True
    for name in _FORM_SECTIONS:
        group = sections.get(name)
        if not group:
            continue
        if not first:
            builder.plain("\n\n" if rng.random() < 0.5 else "\n")
        first = False
        path = ("headings", style, name)
        if not book.has(path):
            path = ("headings", "form", name)
        builder.capitalise_next = True
        filler.render(pick(path).template, noisy=False)
        builder.capitalise_next = False
        short = len(group) == 1 and (inline or name == "consent")
        builder.plain(" " if short else ("\n- " if bullets else "\n"))
        for position, sentence in enumerate(group):
            if position:
                builder.plain("\n- " if bullets else " ")
            _render_sentence(sentence, None, filler, rng)
            if not builder.ends_with(".!?") and name != "consent":
                builder.plain(".")
            builder.capitalise_next = False
            mentions.append((_mention_kind(sentence), sentence.concern))


def _concern_sentences(scenario: Scenario, length: str, voice: Voice, book: PhraseBook,
                       rng: random.Random, pick: Any) -> list[_Sentence]:
    """Sentences for each concern: the first at its severity, the rest at or below it.

    Each line is drawn from one of the voice's registers (a police officer's, a health
    visitor's, a parent's own words) when the phrase book has one for the concern, else
    from the common pool. Children of five and over may also be quoted ("Child's voice")
    about a concern of medium or high severity: low-level worries rarely come with one.
    """
    order = list(scenario.concerns.items())
    rng.shuffle(order)
    if rng.random() < 0.7:
        order.sort(key=lambda item: -item[1])
    sentences = []
    low, high = _LINES_PER_CONCERN[length]
    band, gender = scenario.age_band, scenario.child.gender
    quote = band in _CHILD_VOICE_BANDS and not voice.first_person
    for concern, severity in order:
        count = rng.randint(low, high)
        used: set[str] = set()
        for line in range(count):
            tier = severity if line == 0 else rng.randint(1, severity)
            name = SEVERITY_NAMES[tier - 1]
            path: tuple[str, ...] = ("concerns", concern, name)
            if voice.first_person and book.has(("concerns", concern, "parent", name)):
                path = ("concerns", concern, "parent", name)
            elif voice.registers and rng.random() < voice.register_rate:
                register = rng.choice(voice.registers)
                if book.suits(("concerns", concern, register, name), band, gender):
                    path = ("concerns", concern, register, name)
            phrase = pick(path)
            if phrase.source in used:
                continue
            used.add(phrase.source)
            sentences.append(_Sentence("concern", concern, phrase.template,
                                       lead_in=len(path) == 3 or voice.first_person))
        voice_path = ("concerns", concern, "child_voice")
        if quote and severity >= 2 and rng.random() < _CHILD_VOICE_CHANCE[length] and book.suits(
                voice_path, band, gender):
            sentences.append(_Sentence("concern", concern, pick(voice_path).template,
                                       section="voice"))
    return sentences


def _distinct(pool: tuple[Phrase, ...], count: int, rng: random.Random) -> list[Phrase]:
    if count <= 0 or not pool:
        return []
    return rng.sample(pool, min(count, len(pool)))


def _affected_person(scenario: Scenario, concern: str) -> Any:
    household = scenario.household
    role = scenario.affected.get(concern, "mum")
    if role == "dad":
        return household.dad
    if role == "partner" and household.partner is not None:
        return household.partner
    return household.mum
