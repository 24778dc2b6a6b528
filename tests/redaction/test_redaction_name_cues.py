"""Contexts that make a word a name whatever it means elsewhere (``name_cues``), one row per
context and its look-alike; the whole pipeline on the same shapes is in the KEPT and
REDACTED tables of ``test_redaction_real_writing.py``."""

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
    ("the hospital told June that someone would ring", "June", True),
    ("Told in June that the flat was gone.", "June", False),
    ("He was told June to be sure.", "June", False),
    ("i am writing about my grandson will who lives with us", "will", True),
    ("my son will go to school tomorrow", "will", False),
    ("which my child said was fair", "said", False),
    ("Pupil: William Quillan (known as Will), Year 5.", "Will", True),
    ("It is known as will power.", "will", False),
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
    ("I am worried about Pearl, aged 5.", "Pearl", True),
    ("Contact was made with Robin, the stepdad.", "Robin", True),
    ("Crystal, mum, says she cannot cope.", "Crystal", True),
    ("Hello, my son got into the grammar school.", "Hello", False),
    ("Consent: Yes, Dad agreed to the referral.", "Yes", False),
    ("There is a younger sibling, Will (2).", "Will", True),
    ("She will (2) be fine.", "will", False),
    ("Mum has two children: Autumn (3) and Ocean (6 months).", "Ocean", True),
    ("Siblings are Storm (14 yrs) and Sky (9).", "Storm", True),
    ("See Appendix B (2) for the chronology.", "Appendix", False),
    ("Robin is her boyfriend.", "Robin", True),
    ("Ivy (mum) and Ash (dad) attended.", "Ash", True),
    ("she helps her mum wash and dress", "wash", False),
]


@pytest.mark.parametrize(("text", "word", "named"), CUES)
def test_named_by_context_table(redactor: Redactor, text: str, word: str, named: bool) -> None:
    doc = redactor.nlp(text)
    start = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text).start()
    index = next(t.i for t in doc if t.idx == start)
    assert named_by_context(doc, index, redactor.stop_words) is named
