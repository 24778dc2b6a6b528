"""Contexts that make a word a name whatever it means elsewhere (``name_cues``), then the
whole pipeline on the same shapes: the word is redacted, and the look-alikes are kept."""

from __future__ import annotations

import re

import pytest

from referrals.redaction import Redactor
from referrals.redaction.name_cues import named_by_context

CUES = [
    # (text, word, named by its context?)
    ("He had been at Brightwell's. Bright's mum says he wasn't.", "Bright", True),
    ("Bright's idea was to phone the school.", "Bright", False),
    ("Young person: Valentina Quillan (known as Vale), 15", "Vale", True),
    ("She goes by Tash at school.", "Tash", True),
    ("He showed Mo (Mohamed Quillan, 16) a knife.", "Mo", True),
    ("Referred to Substance Misuse (Amanda Quillan) today.", "Misuse", False),
    ("Referred to CAMHS (Child and Adolescent Mental Health Services).", "CAMHS", False),
    ('Father: Rodel Quillan ("Dodong"), 35', "Dodong", True),
    ("He talks to his dad, Andriy, most evenings.", "Andriy", True),
    ("He said a friend, Rich, volunteers there.", "Rich", True),
    ("Mum, Dad and I went to the meeting.", "Dad", False),
    ('A single saved contact "J.W." on the phone.', "J.W.", True),
    ("Seen at 9 A.M. in the U.K. office.", "A.M.", False),
    ("I walked him home. April said she had fallen asleep.", "April", True),
    ("In April said to be the start.", "April", False),
    ("A neighbour, Mrs Dear, saw it happen.", "Dear", True),
    ("I told the school nurse, Nurse Wolf, on arrival.", "Wolf", True),
    ("its about my daughter eve and she is not well", "eve", True),
    ("her dad said she had to go", "said", False),
    ("She said mummy's friend Tiff was meant to come.", "Tiff", True),
    ("Hi, yeah, it's Candy from the house with the red door.", "Candy", True),
    ("Ring his friend's phone (ask for Bails).", "Bails", True),
    ("She said her name was Brandy and that she lived here.", "Brandy", True),
    ("It's Monday from now on.", "Monday", False),
    ("she helps her mum wash and dress", "wash", False),
]


@pytest.mark.parametrize(("text", "word", "named"), CUES)
def test_named_by_context_table(redactor: Redactor, text: str, word: str, named: bool) -> None:
    doc = redactor.nlp(text)
    start = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text).start()
    index = next(t.i for t in doc if t.idx == start)
    assert named_by_context(doc, index, redactor.stop_words) is named


REDACTED = [
    ("He said he had been at Bright's. Bright's mum says he wasn't.", ["Bright"]),
    ("Young person: Valentina Quillan (known as Vale), 15. Vale came in today.", ["Vale"]),
    ("Last week he showed Mo (Mohamed Quillan, 16) a knife. Mo read it out.", ["Mo "]),
    ('Her boyfriend is "Dre" (Andres de la Quillan). Dre\'s friends are there.', ['"Dre"']),
    ("He talks to his dad, Andriy, most evenings. A friend, Rich, volunteers there.",
     ["Andriy", "Rich"]),
    ('A single saved contact "J.W." and a friend (A.B., Year 10).', ["J.W.", "A.B."]),
    (("its about my granddaughters hope and rose. there mum is my daughter eve. i went round "
      "sunday and eve was in the garden"), ["hope", "rose", "eve"]),
    ("May came in to see me today. Mrs Dear saw it. Nurse Wolf was told.", ["May", "Dear", "Wolf"]),
    ("Hi, it's Candy from next door. Mummy's friend Tiff never came. Jade will call her Amber.",
     ["Candy", "Tiff", "Amber"]),
]
KEPT = [
    ("Lives with Tata (Ionut Quillan), Mama (Elena) and baby.", ["Tata", "Mama"]),
    ("Plan: Specialist Midwife for Substance Misuse (Amanda Quillan).", ["Substance Misuse"]),
    ("Seen at 9 A.M. in the U.K. office. Bright's idea was good.", ["A.M.", "U.K.", "Bright's idea"]),
    ("Her dad said she had to go. She helps her mum wash and dress. In May she moves.",
     ["dad said", "mum wash", "In May"]),
    ("It's Monday from now on. Kev said Good Lord, it was a tiff.", ["Monday", "Good Lord", "tiff"]),
    ("i sent the form for Poppy Marsh yesterday pm. my daughter hope is ok. i hope so. we hope so",
     ["yesterday pm", "i hope so", "we hope so"]),
]


@pytest.mark.parametrize(("text", "gone"), REDACTED)
def test_when_context_names_a_word_then_it_is_redacted(
    redactor: Redactor, text: str, gone: list[str]
) -> None:
    redacted = redactor.redact(text).text
    for word in gone:
        assert word not in redacted, (word, redacted)


@pytest.mark.parametrize(("text", "kept"), KEPT)
def test_when_look_alike_context_then_words_kept(
    redactor: Redactor, text: str, kept: list[str]
) -> None:
    redacted = redactor.redact(text).text
    for word in kept:
        assert word in redacted, (word, redacted)
