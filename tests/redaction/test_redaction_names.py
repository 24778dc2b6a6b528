"""Table tests for the person-name mechanisms: propagation, unknown words in a name's
position, first-name + surname pairs, sign-offs, initials, and the near-misses that
must be kept.

How a word that is also an English word is handled at the start of a sentence
("Will", "Summer", "Hope"): on its own it is kept ("Will you call back", "Summer
holidays"); it is redacted when it is followed by a subject's verb ("Will was found",
"Summer denies"), by a surname ("Summer Bell"), after a role or title ("baby Hope"),
or anywhere once the document has shown it to be someone's name (propagation).
Pronouns ("He", "She") are never names on their own, only as the capitalised surname
right after a first name ("Lei He").
"""

from __future__ import annotations

import pytest

from referrals.redaction import Redactor, vocabulary

# (text, every value that must be redacted)
FOUND = [
    # propagation: once found, every mention goes, whatever its casing or position
    ("Mum said Summer Bell was upset. Summer denies being hit.", ["Summer Bell", "Summer"]),
    ("Referral about Agyeman Kofi. later agyeman was seen at the park.",
     ["Agyeman Kofi", "agyeman"]),
    ("Long Mansour is 9. It is reported that long is persistently absent.", ["long"]),
    # initials of a person named in the same document
    ("Nicola Wilson is 14. NW has been self-harming.", ["Nicola Wilson", "NW"]),
    # unknown (not English) words in a name's position, in lower case
    ("mum yvonne rang the office about the rent.", ["yvonne"]),
    ("gifty denies any domestic abuse at home.", ["gifty"]),
    ("police called to the address. rocco sharpe has been turning up at night.",
     ["rocco sharpe"]),
    # first name + surname, both everyday words
    ("there are some concerns about hygiene; summer bell has been teased by peers.",
     ["summer bell"]),
    ("Faith LAMB found unconscious, suspected overdose.", ["Faith LAMB"]),
    # sentence-initial everyday-word name followed by a subject's verb
    ("Contact made.\nWill was found intoxicated in the park.", ["Will"]),
    # labels, referring, sign-offs
    ("Dear MASH team, I am writing to refer harper, who is in Year 6.", ["harper"]),
    ("my name is rasha darwish and i'm asking for support.", ["rasha darwish"]),
    ("Please call if needed.\nMany thanks, Heath", ["Heath"]),
    ("Could you please advise.\nNusrat Nawaz, Housing Officer, 0141 496 0127", ["Nusrat Nawaz"]),
    ("young person: wilson, nicola\nparent: hope, rose\ntel: 0141 496 0494", ["hope, rose"]),
    # a capitalised mid-sentence word that is no English word, followed by a subject's verb
    ("Staff have noticed that Kwabena goes missing from home at weekends.", ["Kwabena"]),
    ("Complicating factors:\nEbere was on a CP plan until last year.", ["Ebere"]),
    # initials in lower case, and a surname after a title or a first name
    ("ex-partner j. green sending abusive msgs to s. price. no threats to kill.",
     ["j. green", "s. price"]),
    ("Kind regards, Mrs Lian Sun, DSL.", ["Lian Sun"]),
    ("Mr Sun is a protective factor.", ["Sun"]),
    ("Lei He is a protective factor and has agreed to help.", ["Lei He"]),
    # initials that spell an acronym, as the subject of a verb
    ("Following a disclosure yesterday, I am referring CP. CP has a life-limiting condition.",
     ["CP"]),
    # a kinship word used as a first name
    ("The family have just moved and Nana Agyeman is asking about services.", ["Nana Agyeman"]),
    ("Mum said Son VU was upset at pick-up.", ["Son VU"]),
    # an unknown capitalised word after a word that acts on a person
    ("Circs: mum Amal Nasser ignores Rahaf for days at a time.", ["Rahaf"]),
    ("The pupil has a mark which he said came from a fight with Sharmarke.", ["Sharmarke"]),
    # a listed first name opening a sentence, then what only a person does
    ("Mason is a protective factor and has agreed to help.", ["Mason"]),
    ("This 10yo presented to ED on Monday. Jade brought in with injury.", ["Jade"]),
    ("Joy, a non-mobile baby, has bruising to the ear.", ["Joy"]),
    # a surname alone closing the text on the last line
    ("Action: DSL to refer to MASH. Walker", ["Walker"]),
    ("Discussed with the on-call consultant. Heath", ["Heath"]),
    ("Could you please advise on next steps.\nMany thanks, He", ["He"]),
    # ...and a sign-off that is not the end of the text (a role or a footer follows)
    ("Please advise.\nMany thanks, He\nDesignated Safeguarding Lead, Millbrook Primary", ["He"]),
    # weekday given names (day names in Nigerian and Ghanaian families)
    ("Children: OBI, Sunday (9 months)", ["OBI, Sunday"]),
    ("Referred to front door by DSL Sunday Ogunleye.", ["Sunday Ogunleye"]),
    ("I observed that Sunday seemed anxious about going home.", ["Sunday"]),
    ("Father is asking how to get contact with Will after separating.", ["Will"]),
    ("The child Sunday is not afraid of anyone at home.", ["Sunday"]),
    ("Sunday lost his house key and was upset.", ["Sunday"]),
    ("Juvenile Sunday has been scratching his arms.", ["Sunday"]),
    ("June Brown is asking for help.", ["June Brown"]),
    ("the pupil jun said there was shouting.", ["jun"]),
    ("we have concerns about jun chan this term.", ["jun chan"]),
    ("20.04.23 – Juvenile Jun has a good relationship with his sister.", ["Jun"]),
    ("Our records show that Son LAM says his parents argue.", ["Son LAM"]),
    ("Mum is asking about services. Nana lost her house key.", ["Nana"]),
    ("No concerns. Son held a knife to mum last night.", ["Son"]),
    ("B Do is a protective factor. Mai Do is aware of this referral.", ["B Do", "Mai Do"]),
    ("There is nothing to suggest precious is being belittled.", ["precious"]),
    ("kelechi has been taking pills and miracle found ketamine.", ["miracle"]),
    ("Report received from osman, idil today.", ["osman, idil"]),
    ("IP threatens to put jun into care whenever he misbehaves.", ["jun"]),
    ("Call from Jun requesting police.", ["Jun"]),
    ("child: unborn baby of jing he (unborn baby). parent: jing he, tel 07700 900947.",
     ["jing he"]),
    ("The child disclosed that Son held a knife to mum.", ["Son"]),
    ("The pupil said he was worried about leaving mum at home with M He.", ["M He"]),
    # form styles and pairs
    ("Child(ren) in household: O'DOHERTY, Fionn", ["O'DOHERTY, Fionn"]),
    ("The child disclosed that ADDO, Selorm held a knife to mum.", ["ADDO, Selorm"]),
    ("Sadly chan, ting is aware of this referral.", ["chan, ting"]),
    ("He was throwing things at Hafsa and Jaswinder.", ["Hafsa", "Jaswinder"]),
    ("Mr Wieczorek is asking how to get contact with filip after separating.", ["filip"]),
    # capitals that spell a kept abbreviation, used as initials
    ("Referred to CAMHS. MS reports low mood and poor sleep.", ["MS"]),
    ("The health visitor has a good relationship with EH, who is open.", ["EH"]),
    ("I am the DSL and I have concerns about DR (10 year old).", ["DR"]),
    # lower-case names in a text that is otherwise capitalised
    ("Call taken by duty worker. Caller reports ruby has severe epilepsy.", ["ruby"]),
    ("School report that precious is well presented.", ["precious"]),
    ("05-02-2025 14:40 – t. marsh would like advice about a nursery place.", ["t. marsh"]),
    ("Consent obtained from mum shauna on 31/01/2024.", ["shauna"]),
    ("Sadia's interactions with amina were warm and patient.", ["amina"]),
    ("We are concerned that rose booth has a learning disability.", ["rose booth"]),
    # lower-case school names after "at" or a label
    ("who is in y7 at millbrook secondary school. she is settled.",
     ["millbrook secondary school"]),
    ("school: st joseph's c of e primary school\nyear group: year 8",
     ["st joseph's c of e primary school"]),
]

# (text, words that must survive)
KEPT = [
    ("Will you call back on Monday?", ["Will", "Monday"]),
    ("The Summer holidays were hard for the family.", ["Summer"]),
    ("Mum said she was worried about the weekend.", ["Mum", "weekend"]),
    ("He was upset when dad left.", ["He", "dad"]),
    ("Hope this helps. The social worker will visit.", ["Hope", "social worker"]),
    ("no emotional harm was identified. he said he walked into a door.", ["harm", "said"]),
    ("A red mark was noticed on her arm.", ["mark"]),
    ("The child keeps forgetting his PE kit and reading book.", ["kit"]),
    ("Mother is asking about antenatal classes.", ["antenatal"]),
    ("There are no concerns about DV. IP does not answer calls from school.", ["DV", "IP"]),
    ("DASH: HIGH. IDVA referral made.", ["HIGH"]),
    ("Her Nana is kind and visits on Sunday.", ["Nana", "Sunday"]),
    ("Stacey was on a CP plan until last year.", ["CP plan"]),
    ("Located by officers at after school. circs: child came into school smelling of weed.",
     ["after school", "child came into school"]),
    ("Previously known to the MASH.\nSchool report that attendance is good.", ["MASH", "School"]),
    ("Young person: is settling well. The GP and the DSL agree.", ["GP", "DSL"]),
    # an English word capitalised mid-line is a name only if it is also a listed name
    ("12 Sep 2023 Money is not an issue for the family.", ["Money"]),
    ("Has consent been given? Yes", ["Yes"]),
    ("The male intox at address, unable to care for the children.", ["intox"]),
    ("Daisy Young asked for help. Young person said he is fine.", ["Young person"]),
    # noun-like given names used as nouns, weekdays as days
    ("Gift vouchers were given to the family at Christmas.", ["Gift vouchers"]),
    ("Comfort was offered by the school nurse.", ["Comfort"]),
    ("Patience is needed with him at bedtime.", ["Patience"]),
    ("We met on Sunday and again on Monday morning.", ["Sunday", "Monday"]),
    ("Sunday was a difficult day for the family.", ["Sunday"]),
    ("Nana said she would pick the children up. Son is settled.", ["Nana", "Son"]),
    ("Can we speak with the GP? Do let me know.", ["Do let"]),
    ("From Jan to Jun, attendance fell. I told her that son lost his coat.", ["Jun", "son"]),
    ("i told jing he was not to come round again.", ["he was"]),
    ("Long Mansour is 9. It was a long day and the long wait upset him.", ["long day", "long wait"]),
    ("The child Sunday is settled. We visit on Sunday and Sunday morning.",
     ["on Sunday", "Sunday morning"]),
    ("Clinic appointments are in jun and july.", ["jun"]),
    ("URGENT, Please call back today.", ["URGENT, Please"]),
    ("Mum says faith is a big part of family life.", ["faith"]),
    # words after a family word that are verbs or slips, and surnames that are words
    ("The child drew a picture of a man. Mother sad she smokes.", ["drew", "sad"]),
    ("the little one has bruised knees. she cannot bond with the baby.", ["little", "bond"]),
    ("The GP said mum is struggling. The GP (Dr Shah) agrees.", ["GP said", "The GP ("]),
]


@pytest.mark.parametrize(("text", "values"), FOUND)
def test_when_name_in_new_position_then_redacted(
    redactor: Redactor, text: str, values: list[str]
) -> None:
    result = redactor.redact(text)
    found = [text[s.start:s.end] for s in result.raw_spans]
    for value in values:
        start = text.index(value)
        covered = any(s.start <= start and start + len(value) <= s.end for s in result.raw_spans)
        assert covered, f"{value!r} not redacted in {text!r}; found {found}"


@pytest.mark.parametrize(("text", "words"), KEPT)
def test_when_everyday_word_then_kept(redactor: Redactor, text: str, words: list[str]) -> None:
    redacted = redactor.redact(text).text
    for word in words:
        assert word in redacted, f"{word!r} lost from {text!r}: {redacted!r}"


def test_when_propagated_then_same_person_placeholder(redactor: Redactor) -> None:
    result = redactor.redact("Mum said Summer Bell was upset. Summer denies being hit.")
    assert result.text == "Mum said [PERSON_1] was upset. [PERSON_1] denies being hit."


def test_when_propagated_text_redacted_again_then_unchanged(redactor: Redactor) -> None:
    once = redactor.redact("Nicola Wilson is 14. NW has been self-harming. nicola is sad.").text
    assert redactor.redact(once).text == once


@pytest.mark.parametrize(
    ("word", "ordinary"),
    [
        ("harm", True), ("todday", True), ("rfeerring", True), ("saiid", True),
        ("whn", True), ("yvonne", False), ("gifty", False), ("agyeman", False), ("dede", False),
    ],
)
def test_is_ordinary_word_accepts_slips_but_not_names(word: str, ordinary: bool) -> None:
    assert vocabulary.is_ordinary_word(word) is ordinary


WORD_NAMES_FOUND = [
    ("Wisdom has been missing from school since Monday.", ["Wisdom"]),
    ("Godswill Okafor was seen at the hospital.", ["Godswill", "Okafor"]),
    ("Justice said his stepdad hit him.", ["Justice"]),
    ("The teacher spoke with Mawusi and Elikem at break.", ["Mawusi", "Elikem"]),
    ("Caller: Uzoma (wants to stay anonymous)", ["Uzoma"]),
    ("Hope said she was scared to go home.", ["Hope"]),
    ("Will has been sleeping at his nan's.", ["Will"]),
]

WORD_NAMES_KEPT = [
    ("She lives on Prince of Wales Road with her mum.", ["Prince"]),
    ("Justice for the victim is the family's main concern.", ["Justice"]),
    ("Mum has shown wisdom in keeping the children away.", ["wisdom"]),
    ("Will you ring me back when you can.", ["Will"]),
    ("May I ask that the school is told.", ["May"]),
    ("Hope you are well. Hope is that the move helps.", ["Hope"]),
    ("She was off for the Spring term and the Easter break.", ["Spring", "Easter"]),
]


@pytest.mark.parametrize(("text", "values"), WORD_NAMES_FOUND)
def test_when_west_african_or_word_name_is_a_person_then_redacted(
    redactor: Redactor, text: str, values: list[str]
) -> None:
    redacted = redactor.redact(text).text
    for value in values:
        assert value not in redacted


@pytest.mark.parametrize(("text", "words"), WORD_NAMES_KEPT)
def test_when_word_name_is_an_everyday_word_then_kept(
    redactor: Redactor, text: str, words: list[str]
) -> None:
    redacted = redactor.redact(text).text
    for word in words:
        assert word in redacted


# (text, person, organisation): the person and the school come out as separate spans
PERSON_THEN_ORGANISATION = [
    ("Chronology for Jade FISHER, Little Stars Pre-School\nConcern raised by staff.",
     "Jade FISHER", "Little Stars Pre-School"),
    ("Re: Daisy MASON, Whitehall Primary School\n\nWhat has happened?",
     "Daisy MASON", "Whitehall Primary School"),
    ("Chronology for Ioana Ursu, Little Stars Playgroup.", "Ioana Ursu", "Little Stars Playgroup"),
]


@pytest.mark.parametrize(("text", "person", "organisation"), PERSON_THEN_ORGANISATION)
def test_when_name_precedes_a_school_then_both_keep_their_own_type(
    redactor: Redactor, text: str, person: str, organisation: str
) -> None:
    spans = {text[s.start:s.end]: s.type for s in redactor.redact(text).raw_spans}
    assert spans.get(person) == "PERSON", spans
    assert spans.get(organisation) == "SCHOOL_NAME", spans
