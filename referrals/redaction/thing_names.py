"""Things named like people: cars, businesses, pubs, jobs, brands and places after a lead.

Each rule here finds that a PERSON result names a thing ("a black Ford Kuga", "her
cousin's takeaway (Golden Dragon)", "outside the Red Lion", "Student Wellbeing Adviser",
"Jordan trainers", "lives in Paisley"). The name guard asks the mention rules before
strong name context, since two title-case words ("Golden Dragon", "Belo Horizonte")
would otherwise pass for a full name, and each cue leaves no room for a title.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from referrals.redaction import vocabulary as vocab
from referrals.redaction.mention import Mention
from referrals.redaction.mention import is_capitals as _is_capitals
from referrals.redaction.mention import known_name as _known_name
from referrals.redaction.mention import word_of as _word

VEHICLE_GROUP = "vehicle_makes"
"""The vocabulary group whose terms are car makes (their models follow them)."""
NATIONALITY_GROUP = "languages_and_nationalities"
"""The vocabulary group of languages, nationalities and faiths: what people are, not who."""


def is_vehicle_model(mention: Mention, token: Token) -> bool:
    """The model after a car's make ("Kuga" in "a black Ford Kuga", "Leon" in "a white Seat
    Leon"): the make is kept as vocabulary, and the model is no one's name."""
    return token.i in mention.view.vehicle_models


VEHICLE_LEADS = vocab.ARTICLES | {
    "black", "white", "silver", "grey", "gray", "red", "blue", "green", "dark", "old", "new",
    "drives", "driving", "drove", "driven", "car", "van",
}
"""Before a car's make (within three words), these make it a vehicle rather than a name:
"a black Ford Kuga", "DRIVES A SILVER DACIA LOGAN"; "Mercedes Garcia rang" has none."""
VEHICLE_MODEL_WORDS = 2
"""At most this many capitalised words after a make are its model ("Range Rover Sport")."""


def vehicle_models_in(doc: Doc, makes: frozenset[str]) -> frozenset[int]:
    """Token indices of the model words after every make in a vehicle's context."""
    found: set[int] = set()
    for i, token in enumerate(doc):
        if token.lower_ in makes:
            start = i
        elif i > 0 and f"{doc[i - 1].lower_} {token.lower_}" in makes:
            start = i - 1  # "Land Rover", "Alfa Romeo"
        else:
            continue
        if not any(doc[k].lower_ in VEHICLE_LEADS for k in range(max(0, start - 3), start)):
            continue
        for k in range(i + 1, min(len(doc), i + 1 + VEHICLE_MODEL_WORDS)):
            model = doc[k]
            if not (model.text[:1].isupper() or model.text[:1].isdigit()) or model.is_punct or (
                model.lower_ in makes
            ):
                break
            found.add(k)
    return frozenset(found)


PLACE_LEADS = frozenset({
    ("moved", "to"), ("moving", "to"), ("move", "to"), ("relocated", "to"), ("home", "to"),
    ("lives", "in"), ("living", "in"), ("live", "in"), ("lived", "in"), ("born", "in"),
    ("based", "in"), ("up", "in"), ("ticket", "from"), ("ticket", "to"), ("train", "from"),
    ("train", "to"), ("bus", "from"), ("flight", "from"), ("flight", "to"), ("flew", "to"),
    ("flew", "from"),
})
"""Two words before capitalised words that make them a place even when a word is also a
first name: "lives in Paisley", "a train from Manchester Piccadilly"."""


def is_place_after_a_place_lead(mention: Mention) -> bool:
    """One to three capitalised words right after "lives in", "born in", "a train from" and
    the like; a possessive or a bracket after keeps them a person ("lives in Kim's flat")."""
    words = mention.words
    if not 1 <= len(words) <= 3 or not all(t.text[:1].isupper() for t in words):
        return False
    before = mention.right_before()
    after = mention.after()
    doc = mention.view.doc
    return (
        before is not None and before.i > 0 and (doc[before.i - 1].lower_, before.lower_) in PLACE_LEADS
        and not (after is not None and after.text in ("'s", "’s", "("))
    )


BUSINESS_NOUNS = frozenset({
    "takeaway", "restaurant", "shop", "café", "cafe", "pub", "bar", "salon", "club", "gym",
    "store", "supermarket", "garage", "hotel", "business", "chippy", "barbers", "newsagent",
    "newsagents", "workplace", "factory", "warehouse", "company", "firm",
})
"""Before a bracket, these make what stands in it the business's name: "her cousin's
takeaway (Golden Dragon)"."""


def bracketed_after_a_business(mention: Mention) -> bool:
    """In brackets right after a business noun: "her cousin's takeaway (Golden Dragon)"."""
    before = mention.right_before()
    doc = mention.view.doc
    return before is not None and before.text == "(" and before.i > 0 and (
        doc[before.i - 1].lower_ in BUSINESS_NOUNS)


def named_thing_after_the(mention: Mention) -> bool:
    """Two or more title-case dictionary words after "the", none a name: a pub, a shop or a
    building ("outside the Red Lion", "the Golden Dragon"); "the Smiths" is one word."""
    words = mention.words
    before = mention.right_before()
    return len(words) >= 2 and before is not None and before.text == "the" and all(
        t.text[:1].isupper() and not _is_capitals(t) and vocab.is_ordinary_word(_word(t))
        and not _known_name(_word(t))
        for t in words
    )


BODY_NOUNS_AFTER = frozenset({
    "nursery", "playgroup", "preschool", "pre-school", "surgery", "academy", "church", "chapel",
    "mosque", "pub", "café", "cafe", "salon", "club", "centre", "center", "practice", "childminding",
})
"""A lower-case noun after title-case words that makes them a body's name: "Little Acorns
nursery", "Riverside church"."""


def body_before_its_noun(mention: Mention) -> bool:
    """Title-case words before a body's lower-case noun, no title before: "Little Acorns
    nursery" ("Dr Little's surgery" keeps the doctor)."""
    after = mention.after()
    before = mention.before()
    return (
        after is not None and after.is_lower and after.lower_ in BODY_NOUNS_AFTER
        and all(t.text[:1].isupper() for t in mention.words)
        and not (before is not None and before.lower_.rstrip(".") in vocab.TITLES)
    )


def pub_name(mention: Mention) -> bool:
    """ "the Fox and Hounds", "the Rose and Crown": one word after "the", then "and" and a
    title-case word."""
    before = mention.right_before()
    after = mention.after()
    doc = mention.view.doc
    return (
        len(mention.words) == 1 and before is not None and before.text == "the"
        and after is not None and after.lower_ == "and" and after.i + 1 < len(doc)
        and doc[after.i + 1].text[:1].isupper() and vocab.is_ordinary_word(_word(doc[after.i + 1]))
    )


JOB_WORDS = frozenset({
    "Adviser", "Advisor", "Officer", "Registrar", "Coordinator", "Co-ordinator", "Manager",
    "Practitioner", "Worker", "Consultant", "Assistant", "Mentor", "Director", "Chair",
    "Specialist", "Therapist", "Psychologist", "Paediatrician", "Secretary", "Administrator",
    "Supervisor", "Caseworker", "Navigator", "Lead", "Leader",
})
"""Title-case words that end a job title: "Student Wellbeing Adviser", "Specialty
Registrar"; the words before them are the job, not a person."""


def is_job_title(mention: Mention) -> bool:
    """Title-case words ending with, or standing before, a job word, none a first name."""
    words = mention.words
    if not words or not all(t.text[:1].isupper() and not _is_capitals(t) for t in words):
        return False
    after = mention.after()
    ends_a_job = words[-1].text in JOB_WORDS or (after is not None and after.text in JOB_WORDS)
    return ends_a_job and not any(_word(t) in vocab.first_names() for t in words)


THING_NOUNS = frozenset({
    "trainers", "shirt", "shirts", "top", "kit", "match", "game", "fixture", "trip", "holiday",
    "side", "fans", "ring", "bracelet", "necklace", "chain", "watch", "bag", "jacket", "coat",
    "hoodie", "depot", "letters", "stadium", "ground", "team", "academy", "holidays", "term",
    "break", "camp", "fair", "party", "babygrow", "scarf", "mug", "strip", "bedding", "duvet",
    "box",
})
"""After a capitalised word, these make it a brand, a team or a place used as a modifier:
"Jordan trainers", "the Chelsea match", "a Paris trip", "the Summer holidays"."""
MODIFIER_MIDDLES = frozenset({"away", "home", "development", "football", "rugby", "new", "old",
                              "school", "replica"})
"""A word that may stand between such a modifier and its noun ("a Chelsea away shirt")."""


def name_as_a_modifier(mention: Mention) -> bool:
    """One capitalised word before a thing's noun, perhaps with one word between: "Jordan
    trainers", "a Chelsea away shirt"; not after a title or a possessive ("Mr Chelsea's trip")."""
    words = mention.words
    if len(words) != 1 or _is_capitals(words[0]) or not words[0].text[:1].isupper():
        return False
    before = mention.before()
    if before is not None and (before.lower_.rstrip(".") in vocab.TITLES or before.text in ("'s", "’s")):
        return False
    doc = mention.view.doc
    j = words[0].i + 1
    if j < len(doc) and doc[j].lower_ in MODIFIER_MIDDLES:
        j += 1
    return j < len(doc) and doc[j].is_lower and doc[j].lower_ in THING_NOUNS


SPEECH_NOUNS = frozenset({"interpreter", "interpreters", "speaker", "speakers", "speaking"})
"""After a capitalised word and a determiner, these make the word a language: "a Karen
interpreter", "our Karen-speaking TA", "no Mam speakers"."""


def language_of_speech(mention: Mention) -> bool:
    """One title-case word joined to "-speaking" ("our Karen-speaking TA", "by
    Romanian-speaking staff"), or between a determiner and a speaker's noun ("a Karen
    interpreter"); not "interpreter Karen", and not "Karen interpreted", which is someone."""
    words = mention.words
    if len(words) != 1 or _is_capitals(words[0]) or not words[0].text[:1].isupper():
        return False
    doc = mention.view.doc
    j = words[0].i + 1
    if j + 1 < len(doc) and doc[j].text == "-" and not words[0].whitespace_ and not doc[j].whitespace_:
        return doc[j + 1].lower_ == "speaking"  # "by Romanian-speaking staff": never a person
    before = mention.right_before()
    return before is not None and before.lower_ in vocab.DETERMINERS and (
        j < len(doc) and doc[j].lower_ in SPEECH_NOUNS)


MEASURE_NOUNS = frozenset({
    "can", "cans", "bottle", "bottles", "pint", "pints", "glass", "glasses", "crate", "crates",
    "pack", "packs", "slab", "slabs", "shot", "shots", "tin", "tins", "litre", "litres",
})
"""Before "of" and a capitalised word, these make it a drink's brand ("cans of Lech and
Żubr", "a bottle of Smirnoff"), not a person."""


def drink_after_a_measure(mention: Mention) -> bool:
    """One or two capitalised words after "cans of", "a bottle of", or after such a brand
    and "and" ("cans of Lech and Żubr"): a brand of drink; a possessive after them is
    someone's ("a can of Jade's")."""
    words = mention.words
    if not 1 <= len(words) <= 2 or not all(t.text[:1].isupper() for t in words):
        return False
    after = mention.after()
    if after is not None and after.text in ("'s", "’s"):
        return False
    offset = 1
    before = mention.before()
    if before is not None and before.lower_ in ("and", "or", ","):
        brand = mention.before(2)
        if brand is None or not brand.text[:1].isupper():
            return False
        offset = 3  # "cans of Lech and Żubr"
    of, measure = mention.before(offset), mention.before(offset + 1)
    return of is not None and of.lower_ == "of" and measure is not None and measure.lower_ in MEASURE_NOUNS
