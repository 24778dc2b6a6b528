"""The safeguarding vocabulary: every term kept in context sentences, one test per group.

Terms come from the shipped ``conf/vocabulary.yaml``; the sentences are written for the
test (``data/vocabulary_sentences.yaml``). Strong name context still makes a term a name
("Dr Ford", "Mrs English"), and a broken vocabulary file names the file and the key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from referrals.errors import ConfigError
from referrals.redaction import Redactor
from referrals.redaction.kept_vocabulary import load_vocabulary, shipped_vocabulary

SENTENCES = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "vocabulary_sentences.yaml").read_text("utf-8")
)
GROUPS = sorted(shipped_vocabulary().groups)


def test_vocabulary_has_at_least_300_terms_in_the_groups_the_issue_names() -> None:
    vocabulary = shipped_vocabulary()
    assert sum(len(terms) for terms in vocabulary.groups.values()) >= 300
    for group in ("service_acronyms", "drugs", "apps_and_platforms", "benefits",
                  "clinical_terms", "languages_and_nationalities", "vehicle_makes"):
        assert len(vocabulary.groups[group]) >= 15, group


def test_every_group_has_context_sentences() -> None:
    assert set(SENTENCES) == set(GROUPS)


@pytest.mark.parametrize("group", GROUPS)
def test_when_vocabulary_term_in_context_sentence_then_kept(redactor: Redactor, group: str) -> None:
    terms = shipped_vocabulary().groups[group]
    cases = [(term, sentence.format(term=term)) for term in terms for sentence in SENTENCES[group]]
    lost = []
    for (term, text), result in zip(cases, redactor.redact_many([text for _, text in cases])):
        start = text.index(term)
        if any(s.start < start + len(term) and start < s.end for s in result.raw_spans):
            lost.append(text)
    assert not lost, f"{len(lost)} of {len(cases)} sentences lost their term, e.g. {lost[:5]}"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dr Ford examined the baby and found bruising.", "Ford"),
        ("Mrs English rang the school about the bruise.", "English"),
        ("A man called Mercedes has been collecting her.", "Mercedes"),
        ("PC 2290 Shelter attended the address.", "Shelter"),
        ("I am writing to refer Mercedes, who is in Year 3.", "Mercedes"),
        ("Her best mate came in too. Porsche said Scarlett goes off in a car.", "Porsche"),
        ("According to Porsche, the older boy buys her vodka.", "Porsche"),
        ("Scarlett showed Porsche a picture he sent her.", "Porsche"),
    ],
)
def test_when_strong_name_context_then_vocabulary_term_redacted(
    redactor: Redactor, text: str, name: str
) -> None:
    assert name not in redactor.redact(text).text


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "vocab.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("version: 1\ngroups:\n  drugs: [ketamine, Ketamine]\n", "groups.drugs[1]"),
        ("version: 1\ngroups:\n  drugs: []\n", "groups.drugs"),
        ("version: 1\ngroups:\n  drugs: [ketamine, 7]\n", "groups.drugs[1]"),
        ("version: 2\ngroups:\n  drugs: [ketamine]\n", "version"),
        ("version: 1\n", "groups"),
    ],
)
def test_when_vocabulary_broken_then_error_names_file_and_key(
    tmp_path: Path, body: str, key: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError, match=rf"vocab\.yaml: key '{re.escape(key)}'"):
        load_vocabulary(path)


def test_acronym_terms_match_only_in_capitals_or_lower_case() -> None:
    vocabulary = shipped_vocabulary()
    text = "RUI by police. His dad Rui works nights. uc stopped."
    found = [text[start:end] for start, end in vocabulary.spans(text)]
    assert "RUI" in found and "uc" in found and "Rui" not in found


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("He drives a black Porsche and was seen in a Mercedes said to be his uncle's.",
         ["Porsche", "Mercedes"]),
        ("Kent said they would attend the strategy meeting.", ["Kent"]),
        ("The Porsche said to be his was parked outside.", ["Porsche"]),
    ],
)
def test_when_given_name_term_lacks_person_grammar_then_kept(
    redactor: Redactor, text: str, kept: list[str]
) -> None:
    """Only a verb of speech or mind right after, a verb acting on a person before, or
    "according to" makes a car make that is also a given name a person; never after a
    determiner, and never a place ("Kent said" is the county's police)."""
    redacted = redactor.redact(text).text
    assert all(word in redacted for word in kept), redacted


def _flat_pattern(terms: list[str], flags: int) -> re.Pattern[str]:
    """The plain alternation the trie replaced, longest term first: the reference."""
    import regex

    alternatives = [r"\s+".join(regex.escape(w) for w in t.split()) for t in sorted(terms, key=len, reverse=True)]
    return regex.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?![\w-]|['’]s\b)", flags)


def test_trie_pattern_matches_what_a_flat_alternation_of_the_terms_matches() -> None:
    import regex

    from referrals.redaction.kept_vocabulary import _compile, _is_acronym

    terms = [t for group in shipped_vocabulary().groups.values() for t in group]
    plain = [t for t in terms if not _is_acronym(t)]
    acronyms = [t for t in terms if _is_acronym(t)]
    # every term, each with its neighbours, in the casings writers use, and terms that
    # extend one another ("Care Order", "Fraser not met", "FGM-IS", "Young Carers")
    text = " and ".join(f"{t}, {t.lower()}, {t.upper()}, {t}'s {t}s" for t in terms)
    text += " Care  Order. Fraser\nnot met FGM-IS Young Carers Young carer Mind's"
    for subset, flags in ((plain, regex.IGNORECASE), (acronyms + [t.lower() for t in acronyms], 0)):
        ours = [(m.start(), m.end()) for m in _compile(subset, flags).finditer(text)]
        reference = [(m.start(), m.end()) for m in _flat_pattern(subset, flags).finditer(text)]
        assert ours == reference and len(ours) > len(subset) // 2
