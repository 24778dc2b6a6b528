"""Hand-written referral markup: parse writers' plain-text files into contract records.

Writers of the hand-written corpus (``data/handwritten/``) work in plain text, not JSON,
so that a referral reads on the page as it would in a MASH inbox: one block per referral,
a few ``key: value`` header lines, a ``---`` line, then the narrative. Personal data is
marked inline where it is written, ``[[TYPE:value]]`` or ``[[PERSON|origin:value]]``; the
parser removes the brackets and turns each mark into a gold span with exact offsets, so
the corpus measures redaction as well as classification.

This module uses the standard library only, so writers can check their files with any
Python: ``python3 -m referrals.handwritten check FILE``.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BLOCK_SEPARATOR = re.compile(r"^={5,}\s*$", re.MULTILINE)
MARK = re.compile(r"\[\[([A-Z_]+)(?:\|([a-z_]+))?:(.+?)\]\]", re.DOTALL)

PII_TYPES = (
    "PERSON", "ADDRESS", "UK_POSTCODE", "PHONE_NUMBER", "EMAIL_ADDRESS", "URL", "SOCIAL_HANDLE",
    "DATE_OF_BIRTH", "UK_NHS", "UK_NINO", "UK_VEHICLE_REGISTRATION", "SCHOOL_NAME", "GP_PRACTICE",
)
"""Types a writer may mark (those the redactor handles and the guideline asks to mark)."""

NAME_ORIGINS = (
    "english", "irish", "scottish", "welsh", "polish", "romanian", "south_asian", "somali",
    "nigerian", "ghanaian", "caribbean", "arabic", "chinese", "vietnamese", "traveller",
    "kurdish", "eastern_european", "western_european", "african_other", "other",
)

CONCERNS = (
    "neglect", "emotional_abuse", "physical_abuse", "sexual_abuse", "domestic_abuse",
    "parental_mental_health", "parental_substance_misuse", "child_mental_health",
    "child_substance_misuse", "exploitation", "going_missing", "disability_or_illness",
    "young_carer", "behaviour", "harmful_practices", "housing_or_financial",
)
NEED_LEVELS = ("information_advice", "early_help", "child_in_need", "child_protection")
HARD_TAGS = (
    "negation", "resolved_history", "homonym", "hedged_hearsay", "minimising",
    "outside_household", "implied", "defused_alarm", "none",
)
AGE_BANDS = ("unborn", "0-4", "5-9", "10-15", "16-17")
REQUIRED_KEYS = ("id", "source", "need_level", "concerns", "age_band", "gender", "ethnicity",
                 "disability", "authority", "hard")


@dataclass
class ParsedReferral:
    """One referral from a writer's file: the contract record plus writing metadata."""

    record: dict[str, Any]
    hard: list[str]
    why: str | None
    words: int


@dataclass
class ParseReport:
    """Everything parsed from one file and every problem found, by block number."""

    referrals: list[ParsedReferral] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def nhs_with_check_digit(digits: str) -> str | None:
    """The NHS number with its mod-11 check digit corrected, or None if none exists.

    Writers invent numbers; real ones always validate, so the corpus carries valid ones.
    """
    if len(digits) != 10:
        return None
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return None
    return digits[:9] + str(check)


def _fix_nhs(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    fixed = nhs_with_check_digit(digits)
    if fixed is None:  # change the ninth digit until a valid check digit exists
        for ninth in "0123456789":
            fixed = nhs_with_check_digit(digits[:8] + ninth + "0")
            if fixed is not None:
                break
    assert fixed is not None
    out, it = [], iter(fixed)
    for ch in value:
        out.append(next(it) if ch.isdigit() else ch)
    return "".join(out)


def strip_marks(marked: str) -> tuple[str, list[dict[str, Any]], list[str]]:
    """Plain text and gold spans from marked-up text, with any markup problems."""
    problems: list[str] = []
    pieces: list[str] = []
    spans: list[dict[str, Any]] = []
    cursor = 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[cursor:match.start()]
        pieces.append(before)
        length += len(before)
        kind, origin, value = match.group(1), match.group(2), match.group(3)
        if kind not in PII_TYPES:
            problems.append(f"unknown type {kind!r} in {match.group(0)!r}")
        if kind == "PERSON" and origin not in NAME_ORIGINS:
            problems.append(f"PERSON needs an origin from {', '.join(NAME_ORIGINS)}: {match.group(0)!r}")
        if kind != "PERSON" and origin:
            problems.append(f"only PERSON takes an origin: {match.group(0)!r}")
        if kind == "UK_NHS":
            if len(re.sub(r"\D", "", value)) != 10:
                problems.append(f"an NHS number has 10 digits: {match.group(0)!r}")
            else:
                value = _fix_nhs(value)
        if value != value.strip():
            problems.append(f"no spaces inside the brackets' value: {match.group(0)!r}")
        span: dict[str, Any] = {"start": length, "end": length + len(value), "type": kind}
        if kind == "PERSON":
            span["origin"] = origin
        spans.append(span)
        pieces.append(value)
        length += len(value)
        cursor = match.end()
    pieces.append(marked[cursor:])
    text = "".join(pieces)
    if "[[" in text or "]]" in text:
        problems.append("unbalanced or malformed [[...]] mark left in the text")
    return text, spans, problems


NOT_NAME_WORDS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "nurse",
    "uncle", "auntie", "aunty", "aunt", "nan", "nana", "nanny", "grandad", "grandma", "baby",
    "and", "the", "van",
})
"""Words written inside a gold name that are not names on their own when repeated: titles,
kinship words ("Uncle Mick"), joiners ("Mr and Mrs Hibbert") and "Van" (a Vietnamese middle
name, and a vehicle everywhere else)."""


@dataclass(frozen=True)
class Repeat:
    """A later mention of a gold name that its writer left unmarked (offsets in the marked text)."""

    start: int
    end: int
    origin: str
    text: str


def _name_words(value: str) -> dict[str, bool]:
    """Words of a gold name worth finding again, each with whether it was written in lower case.

    A hyphenated name counts whole and by its parts ("Lacey-Mai", "Lacey"): people shorten
    them. Titles, initials and short particles ("ten", "al") are left out.
    """
    words: dict[str, bool] = {}
    lower = value.islower()
    for raw in value.split():
        word = raw.strip(".,;:()\"'")
        parts = [word] + (word.split("-") if "-" in word else [])
        for part in parts:
            if len(part) < 3 or part.lower() in NOT_NAME_WORDS or not part[0].isalpha():
                continue
            words.setdefault(part.lower(), lower)
    return words


ENGLISH_WORDS_FILE = Path(__file__).parent / "redaction" / "data" / "english_words.txt"


@functools.cache
def _english_words() -> frozenset[str]:
    """The redactor's dictionary, read by path: this module keeps to the standard library."""
    return frozenset(ENGLISH_WORDS_FILE.read_text(encoding="utf-8").split())


def unmarked_repeats(marked: str) -> list[Repeat]:
    """Unmarked mentions of the names a narrative marks as PERSON.

    Several writers marked a name at its first mention only; a later "Dean" left bare would
    count against the redactor's precision when it is redacted. A mention counts when it
    starts with a capital, or in lower case when the writer wrote the name in lower case
    ("lacey-mai ... lacey") or the word is no English word ("Gary ... gary"): "I hope" is
    no repeat of "Hope Allen". Adjacent words join one mention ("Kiara Bennett").
    """
    marks = list(MARK.finditer(marked))
    words: dict[str, tuple[bool, str]] = {}
    for match in marks:
        if match.group(1) == "PERSON":
            for word, lower in _name_words(match.group(3)).items():
                words.setdefault(word, (lower, match.group(2) or "other"))
    if not words:
        return []
    pattern = re.compile(
        r"(?<![\w'-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        + r")(?![\w-])", re.IGNORECASE)
    found: list[Repeat] = []
    bounds = [0] + [x for m in marks for x in (m.start(), m.end())] + [len(marked)]
    for gap_start, gap_end in zip(bounds[::2], bounds[1::2]):
        for hit in pattern.finditer(marked, gap_start, gap_end):
            lower, origin = words[hit.group(1).lower()]
            if not (hit.group(1)[0].isupper() or lower
                    or hit.group(1).lower() not in _english_words()):
                continue
            last = found[-1] if found else None
            if last and last.end >= gap_start and marked[last.end:hit.start()] == " ":
                found[-1] = Repeat(last.start, hit.end(), last.origin, marked[last.start:hit.end()])
            else:
                found.append(Repeat(hit.start(), hit.end(), origin, hit.group(1)))
    return found


def mark_repeats(marked: str, repeats: Sequence[Repeat] | None = None) -> str:
    """The narrative with every unmarked repeat of a gold name (``repeats``, found here when
    not given) marked as that person."""
    out, cursor = [], 0
    for repeat in unmarked_repeats(marked) if repeats is None else repeats:
        out.append(marked[cursor:repeat.start])
        out.append(f"[[PERSON|{repeat.origin}:{repeat.text}]]")
        cursor = repeat.end
    out.append(marked[cursor:])
    return "".join(out)


def _header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    values: dict[str, str] = {}
    problems = []
    for line in lines:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            problems.append(f"header line without 'key: value': {line!r}")
            continue
        values[key.strip().lower()] = value.strip()
    return values, problems


def _split_list(value: str) -> list[str]:
    if value.strip().lower() in ("", "none", "-"):
        return []
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_block(block: str, writer: str) -> tuple[ParsedReferral | None, list[str]]:
    """One referral block, or None with the reasons it could not be read."""
    head, sep, body = block.partition("\n---\n")
    if not sep:
        return None, ["no '---' line between header and text"]
    header, problems = _header(head.strip("\n").splitlines())
    missing = [k for k in REQUIRED_KEYS if k not in header]
    if missing:
        problems.append(f"missing header key(s): {', '.join(missing)}")
        return None, problems
    concerns = _split_list(header["concerns"])
    problems += [f"unknown concern {c!r}" for c in concerns if c not in CONCERNS]
    if len(set(concerns)) != len(concerns):
        problems.append("a concern repeats")
    if header["need_level"] not in NEED_LEVELS:
        problems.append(f"unknown need_level {header['need_level']!r}")
    hard = _split_list(header["hard"]) or ["none"]
    problems += [f"unknown hard tag {h!r}" for h in hard if h not in HARD_TAGS]
    if header["age_band"] not in AGE_BANDS:
        problems.append(f"age_band must be one of {', '.join(AGE_BANDS)}")
    text, spans, mark_problems = strip_marks(body.strip("\n"))
    problems += mark_problems
    if not text.strip():
        problems.append("empty text")
    if problems:
        return None, problems
    record: dict[str, Any] = {
        "id": header["id"],
        "text": text,
        "concerns": concerns,
        "need_level": header["need_level"],
        "referral_source": header["source"],
        "authority": header["authority"],
        "writer": writer,
        "child": {
            "age_band": header["age_band"], "gender": header["gender"],
            "ethnicity": header["ethnicity"], "disability": header["disability"],
        },
        "pii": spans,
    }
    return ParsedReferral(record, [h for h in hard if h != "none"], header.get("why"),
                          len(text.split())), []


def parse_file(path: Path, writer: str | None = None) -> ParseReport:
    """Parse every block of a writer's file; the writer id defaults to the file stem."""
    writer = writer or path.stem
    report = ParseReport()
    raw = path.read_text(encoding="utf-8")
    blocks = [b.strip("\n") for b in BLOCK_SEPARATOR.split(raw)]
    seen: set[str] = set()
    for number, block in enumerate((b for b in blocks if b.strip()), start=1):
        parsed, problems = parse_block(block, writer)
        if parsed is not None and parsed.record["id"] in seen:
            problems = [f"duplicate id {parsed.record['id']!r}"]
            parsed = None
        if parsed is None:
            first = block.strip().splitlines()[0][:60]
            report.problems += [f"{path.name} block {number} ({first}): {p}" for p in problems]
            continue
        seen.add(parsed.record["id"])
        report.referrals.append(parsed)
    return report


def iter_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.glob("*.txt"))
        else:
            yield path


def summary(report: ParseReport) -> str:
    """Counts a writer needs to see against their quotas."""
    refs = report.referrals
    need = Counter(r.record["need_level"] for r in refs)
    concern = Counter(c for r in refs for c in r.record["concerns"])
    pii = Counter(s["type"] for r in refs for s in r.record["pii"])
    hard = sum(1 for r in refs if r.hard)
    words = sorted(r.words for r in refs)
    lines = [f"{len(refs)} referrals parsed, {len(report.problems)} problem(s)"]
    if refs:
        lines.append(f"words: min {words[0]}, median {words[len(words) // 2]}, max {words[-1]}")
        lines.append(f"hard cases: {hard} ({hard / len(refs):.0%})")
    lines.append("need levels: " + ", ".join(f"{k} {need[k]}" for k in NEED_LEVELS))
    lines.append("concerns: " + ", ".join(f"{k} {concern[k]}" for k in CONCERNS))
    lines.append("no concern: " + str(sum(1 for r in refs if not r.record["concerns"])))
    lines.append("pii: " + ", ".join(f"{k} {pii[k]}" for k in PII_TYPES))
    return "\n".join(lines)


def apply_adjudications(referrals: list[ParsedReferral], path: Path) -> list[str]:
    """Apply settled labels (``id, field, change, rule`` TSV) in place; problems are returned.

    A writer's own label stays in their file; where a blind second labeller disagreed
    and the disagreement was settled, the settled label is what the corpus carries,
    with the rule that settled it (``docs/labelling-guideline.md``, settled rules).
    """
    by_id = {r.record["id"]: r for r in referrals}
    problems = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            problems.append(f"{path.name}:{number}: expected 4 tab-separated fields")
            continue
        rid, field_name, change, _rule = parts
        target = by_id.get(rid)
        if target is None:
            problems.append(f"{path.name}:{number}: unknown id {rid!r}")
            continue
        if field_name == "need_level" and change in NEED_LEVELS:
            target.record["need_level"] = change
        elif field_name == "concerns" and change[:1] in "+-" and change[1:] in CONCERNS:
            concerns = target.record["concerns"]
            if change[0] == "+" and change[1:] not in concerns:
                concerns.append(change[1:])
            elif change[0] == "-" and change[1:] in concerns:
                concerns.remove(change[1:])
            else:
                problems.append(f"{path.name}:{number}: {change} changes nothing for {rid}")
        else:
            problems.append(f"{path.name}:{number}: bad change {field_name} {change!r}")
    return problems


def _mark_repeats_command(paths: list[Path], write: bool) -> int:
    """List (or mark, with ``write``) unmarked repeats of gold names, block by block."""
    total = 0
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        blocks = BLOCK_SEPARATOR.split(raw)
        separators = BLOCK_SEPARATOR.findall(raw)
        rewritten = []
        for block in blocks:
            head, sep, body = block.partition("\n---\n")
            found = unmarked_repeats(body) if sep else []
            block_id = next((line.partition(":")[2].strip() for line in head.splitlines()
                             if line.startswith("id:")), "?")
            for repeat in found:
                print(f"{path.name}: {block_id}: {repeat.text!r} ({repeat.origin})")
            total += len(found)
            rewritten.append(head + sep + mark_repeats(body, found) if found else block)
        if write:
            pieces = [piece for pair in zip(rewritten, [*separators, ""]) for piece in pair]
            path.write_text("".join(pieces), encoding="utf-8")
    print(f"{total} unmarked repeat(s){' marked' if write else ''}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m referrals.handwritten",
        description="Check writers' marked-up referral files, or build contract JSONL from them.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="parse files, list problems and counts")
    check.add_argument("paths", nargs="+", type=Path)
    build = sub.add_parser("build", help="write contract JSONL from files (refuses on any problem)")
    build.add_argument("paths", nargs="+", type=Path)
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--adjudications", type=Path, default=None,
                       help="TSV of settled labels (id, field, change, rule) to apply")
    repeats = sub.add_parser("mark-repeats",
                             help="list later mentions of marked names left unmarked; --write marks them")
    repeats.add_argument("paths", nargs="+", type=Path)
    repeats.add_argument("--write", action="store_true", help="rewrite each file with them marked")
    args = parser.parse_args(argv)
    if args.command == "mark-repeats":
        return _mark_repeats_command(list(iter_files(args.paths)), write=args.write)
    reports = [parse_file(p) for p in iter_files(args.paths)]
    merged = ParseReport()
    for rep in reports:
        merged.referrals += rep.referrals
        merged.problems += rep.problems
    if args.command == "build" and args.adjudications is not None:
        wanted = {line.split("\t")[0] for line in args.adjudications.read_text(encoding="utf-8").splitlines()[1:]}
        present = {r.record["id"] for r in merged.referrals}
        subset = [r for r in merged.referrals if r.record["id"] in wanted & present]
        merged.problems += [p for p in apply_adjudications(subset, args.adjudications)
                            if "unknown id" not in p]
    for problem in merged.problems:
        print(problem, file=sys.stderr)
    print(summary(merged))
    if args.command == "build":
        if merged.problems:
            print("error: problems above; nothing written", file=sys.stderr)
            return 2
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as handle:
            for ref in merged.referrals:
                handle.write(json.dumps(ref.record, ensure_ascii=False) + "\n")
        print(f"wrote {len(merged.referrals)} referrals to {args.out}")
    return 1 if merged.problems else 0


if __name__ == "__main__":
    sys.exit(main())
