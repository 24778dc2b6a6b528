"""The last check on a PERSON result: is it a word that carries the concern?

The name recognizers are tuned for recall: a capitalised word in a name's position is
taken. On writing by people that took the words the classifier and the screener need
most: "EDT informed", "YJS info share", "from Poland", "in Redbarrow", "Reason for
share:", a heading in capitals ("TRANSFER IN - CHILDREN SUBJECT TO ..."), "a black BMW".
Each PERSON result therefore passes an ordered list of small named rules
(:data:`WORD_RULES`, :data:`MENTION_RULES`); a result whose every word is found not to
be a name is dropped. Strong name context overrides them all: a title right before the
result ("Dr Ford", "Mrs English") or a name cue ("a man called Ford").

Results from the referral form's own values (``TriageKnownIdentifierRecognizer``) and the
configured deny list are never dropped here: they are personal data by declaration.
A mention found again by propagation has already been judged a name elsewhere in the
document, so only the vocabulary and capitals rules apply to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presidio_analyzer import RecognizerResult
from spacy.tokens import Doc, Token

from referrals import pii_types
from referrals.redaction import vocabulary as vocab
from referrals.redaction.casing import opens_sentences_with_capitals
from referrals.redaction.kept_vocabulary import SafeguardingVocabulary
from referrals.redaction.mention import DocumentView, Mention, MentionRule, WordRule
from referrals.redaction.mention import is_capitals as _is_capitals
from referrals.redaction.mention import known_name as _known_name
from referrals.redaction.mention import word_of as _word
from referrals.redaction.name_cues import (
    MONTH_NAMES,
    SERVICE_WORDS,
    after_name_label,
    is_age,
    named_by_context,
    names_a_family,
    possessive_stem,
    signs_off_a_line,
)
from referrals.redaction.name_seed_rules import (
    is_bracketed_nickname,
    is_called_by_others,
    is_quoted_nickname,
    is_self_introduction,
    signs_the_message,
)
from referrals.redaction.name_tokens import (
    NAME_PARTICLE_WORDS,
    SUBJECT_VERBS,
    day_after_a_join,
    reads_as_month,
)
from referrals.redaction.pattern_recognizers import (
    DECLARED_INITIALS_KEY,
    SPEAKER_KEY,
    WORD_NAME_KEY,
)
from referrals.redaction.thing_names import (
    JOB_WORDS,
    NATIONALITY_GROUP,
    VEHICLE_GROUP,
    body_before_its_noun,
    bracketed_after_a_business,
    drink_after_a_measure,
    is_job_title,
    is_place_after_a_place_lead,
    is_vehicle_model,
    language_of_speech,
    name_as_a_modifier,
    named_thing_after_the,
    pub_name,
    vehicle_models_in,
)

PROPAGATION = "NamePropagation"
GUARDED_RECOGNIZERS = frozenset({"TriageContextNameRecognizer", "TriageSpacyPersonRecognizer", PROPAGATION})
"""Only these results are checked; form values and the deny list are names by declaration."""

NAME_CUES = frozenset({
    "called", "named", "surname", "aka", "nicknamed", "forename", "refer", "referring",
    "victim", "suspect", "misper", "juvenile", "patient",
})
"""Right before a word, these make it a name whatever it is ("a man called Ford", "I am
writing to refer Mercedes")."""
PERSON_ROLES = vocab.KIN_WORDS | frozenset({"pupil", "student"})
"""Right before a word, a family role makes it a name too ("the pupil Mercedes")."""
RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose"})
"""After a comma following the word, these make it a person ("Mercedes, who is in Y3")."""
ACRONYM_NAME_CUES = vocab.KIN_WORDS | frozenset({
    "pupil", "student", "child", "young", "person", "yp", "victim", "suspect", "patient",
    "referring", "re", "regarding", "née", "nee",
})
"""Before capitals, these make them someone's initials or surname ("pupil LR", "re: KB",
"née MORI")."""
PLACE_PREPOSITIONS = frozenset({"in", "near", "around", "across", "outside", "towards", "via",
                                "into"})
"""Before capitalised words, these make them a place ("in Redbarrow", "via Paris") more
often than a person; a first name after them ("confidence in Tyler") is still taken.
"to", "at" and "from" are left out: "talk to Marzia", "at Tran family visits"."""
ORGANISATION_FOLLOWERS = frozenset({
    "council", "borough", "city", "camhs", "sen", "send", "general", "hospital", "police",
    "ymca", "homes", "foodbank", "recovery", "team", "service", "services", "hub",
    "partnership", "trust", "county", "district", "fc", "town", "ring", "retail", "park",
    "station", "centre", "estate", "county's", "mosque", "church", "mash", "cmht", "women's",
    "womens", "refuge", "area", "line", "north", "south", "east", "west", "central",
    "jobcentre", "mbc", "ua", "idva", "edt", "road", "refugee", "migrant", "asylum",
    "sanctuary", "royal", "infirmary", "towers", "fgm", "alcohol", "international", "methodist",
    "kids", "kids'", "youth", "masjid", "fa", "abc", "group", "response",
})
"""After a capitalised word these make it part of a place or a body ("Marram CAMHS",
"Ashby Vale Borough Council", "Stanlow SEN")."""
CAPITALS_LINE_MIN_WORDS = 3
CAPITALS_LINE_SHARE = 0.8
"""A line of at least three words, four in five of them in capitals, is a heading or a
shouted sentence: its capitals say nothing about names."""


# --- strong name context: overrides every rule ---------------------------------------------

def has_strong_name_context(mention: Mention) -> bool:
    """A title right before ("Dr Ford", "Mrs English"), a name cue ("called Ford"), a
    police rank with or without a collar number ("PC 3318 Danes"), an initial before a
    word ("J. HOLT", "D Carver"), or two or more words in title case none of which is a
    vocabulary term, street type or role word ("Sue Fallows")."""
    before = mention.before()
    cue_heads_a_term = before is not None and _cue_heads_a_term(mention, before)
    if before is not None and not is_vocabulary_term(mention, before) and not cue_heads_a_term:
        word = before.lower_.rstrip(".")
        if word in vocab.TITLES or word in NAME_CUES or word in vocab.POLICE_RANKS or (
            word in PERSON_ROLES
        ):
            return True
        if before.like_num:
            rank = mention.before(2)
            if rank is not None and rank.lower_.rstrip(".") in vocab.POLICE_RANKS:
                return True
    if len(mention.words) == 1 and _word(mention.words[0]) in mention.view.nationality_words:
        return False  # 'boys call him "Chinese"', "because I'm Chinese": what, not who
    after = mention.after()
    doc = mention.view.doc
    if after is not None and after.text == "," and after.i + 1 < len(doc) and (
        doc[after.i + 1].lower_ in RELATIVE_PRONOUNS
    ):
        return True  # "Mercedes, who is in Year 3"
    if given_name_term_as_person(mention):
        return True  # "Porsche said", "according to Mercedes", "showed Porsche a picture"
    if initials_of_a_named_person(mention):
        return True  # "TB said" where the record names "BISHOP, Tia"
    if len(mention.words) == 1 and is_self_introduction(doc, mention.words[0].i, mention.view.stop_words):
        return True  # "im tom", in a chat whose other lines have capitals
    if len(mention.tokens) == 1 and possessive_stem(
        doc, mention.tokens[0].i, mention.view.stop_words, not mention.view.cased
    ):
        return True  # "soph (jacks mum)", "rockys mum sue"
    metadata = mention.result.recognition_metadata or {}
    if metadata.get(DECLARED_INITIALS_KEY) or metadata.get(SPEAKER_KEY):
        return True  # "PC advised" where the minutes list "Mr Peter Church - DSL (PC)"; "Drew: u good"
    first = mention.tokens[0].i
    if len(mention.tokens) == 1 and (
        is_called_by_others(doc, first) or is_bracketed_nickname(doc, first)
        or (named_by_context(doc, first, mention.view.stop_words)
            and not is_vocabulary_term(mention, mention.tokens[0]))
    ):
        return True  # "the one they call Biscuit", "Robyn (Rob) Kettleborough", "Bright's mum"
    if len(mention.tokens) <= 3 and mention.tokens[0].text[:1].isupper() and (
        is_quoted_nickname(doc, first, mention.tokens[-1].i + 1)
    ) and not is_business_name(mention):
        return True  # someone called "Smithy", messages from "Mo"
    words = mention.words
    if words and all(_is_capitals(t) for t in words) and _acronym_name_context(mention) and (
        not cue_heads_a_term
    ):
        return True  # "referring CP", "EH, who is open", "KB (7)"
    if len(words) >= 2 and _is_initial(words[0]) and not _is_initial(words[-1]):
        return True
    if _given_name_and_capitals_surname(mention):
        return True  # "Claire WATTS", "Son VU"
    if len(mention.tokens) == 1 and names_a_family(mention.view.doc, mention.tokens[0].i) and (
        not is_vocabulary_term(mention, mention.tokens[0])
    ):
        return True  # "the Ward family"; not "the Romanian family"
    if header_name(mention):
        return True  # "From: Baker, Will", "Cc: Kent, Simon"
    if introduced_as_a_name(mention) or signs_off_a_message(mention):
        return True  # "My name is Mercedes Smith", "Name of child: SMITH, Mercedes", "Many thanks, Frost"
    return len(words) >= 2 and not _names_a_place_or_body(mention) and all(
        t.text[:1].isupper() and not _is_capitals(t) and not is_vocabulary_term(mention, t)
        and t.text.rstrip(".") not in vocab.STREET_TYPES and _word(t) not in vocab.NEVER_NAMES
        for t in words
    )


PLACE_LIKE_GROUPS = frozenset({"places", "service_acronyms", "form_labels"})
"""Vocabulary groups whose terms also stand for a body ("Kent said", "Bristol told us",
"Reason: ..."): a verb of speech after them is no sign of a person."""
PERSON_GRAMMAR_AFTER = vocab.SPEECH_VERBS | frozenset({
    "thinks", "thought", "feels", "felt", "wants", "wanted", "knows", "knew", "believes",
    "discloses", "cries", "laughed",
})
PERSON_GRAMMAR_BEFORE = frozenset({
    "told", "tells", "asked", "asks", "showed", "shows", "texted", "messaged", "hit", "slapped",
    "punched", "kicked", "pushed", "grabbed", "threatened", "blamed",
})
"""Verbs that speak of a person, after or before a word: a car make, an app or a
language that is also a given name is then the name ("Porsche said", "showed Porsche")."""


def introduced_as_a_name(mention: Mention) -> bool:
    """Written where a form or a writer gives a name (``name_cues.after_name_label``):
    what stands there is a name whatever else the word can be ("My name is Mercedes
    Smith", "Name: SMITH, Jade")."""
    return after_name_label(mention.view.doc, mention.tokens[0].i)


def signs_off_a_message(mention: Mention) -> bool:
    """The writer's name after "Many thanks," or "Kind regards," at the end of its line
    (``name_cues.signs_off_a_line``), even a word ("Many thanks, Frost"), but not a
    service ("Regards, Duty Desk", "Kind regards, EDT")."""
    return signs_off_a_line(mention.view.doc, mention.tokens[0].i, mention.tokens[-1].i) and not (
        _names_a_place_or_body(mention) or any(
            _word(t) in vocab.NEVER_NAMES or _is_body_acronym(mention, t) for t in mention.words
        )
    )


def initials_of_a_named_person(mention: Mention) -> bool:
    """Capitals that propagation took as the initials of someone the document names in
    full ("TB" for "BISHOP, Tia", "MG" for "M. Grace"), with a person's grammar around
    them ("TB said", "spoke with TB"). Without the grammar a vocabulary term is still kept
    ("no TB vaccine concerns"): school chronologies write people by their initials, but
    the same letters also name a disease. Role acronyms are never taken this way."""
    if not _propagated_initials(mention):
        return False
    words = mention.words
    if len(words) != 1 or not _is_capitals(words[0]) or not 2 <= len(words[0].text) <= 3 or (
        _word(words[0]) in vocab.ROLE_ACRONYMS
    ):
        return False
    right_before = mention.right_before()
    if right_before is not None and right_before.lower_ in vocab.DETERMINERS:
        return False
    return _acronym_name_context(mention) or _acts_as_person(mention)


def given_name_term_as_person(mention: Mention) -> bool:
    """A vocabulary term that is also a listed given name ("Mercedes", "Porsche", "Isha"),
    written in title case and not after a determiner, with a person's grammar around it: a
    verb of speech or mind after ("Porsche said", "Mercedes thinks"), an age ("Mercedes is
    7"), a verb acting on a person before ("showed Porsche a picture"), or "according to".
    Once the document has shown the word is someone, its other mentions are that person
    too ("68% for Mercedes"), unless a determiner stands two words before ("a black
    Mercedes"). Without such grammar the term is kept ("a black Mercedes", "on Snapchat");
    places are left out, since "Kent said" is the county's police."""
    if len(mention.tokens) != 1:
        return False
    token = mention.tokens[0]
    if _word(token) not in mention.view.given_name_terms or not token.text[:1].isupper() or (
        _is_capitals(token)
    ):
        return False
    right_before = mention.right_before()
    if right_before is not None and right_before.lower_ in vocab.DETERMINERS:
        return False
    if _propagated_same_word(mention):
        two_before = mention.before(2)
        return two_before is None or two_before.lower_ not in vocab.DETERMINERS  # not "a black Mercedes"
    after = mention.after()
    if after is not None and after.lower_ in PERSON_GRAMMAR_AFTER:
        return True
    doc = mention.view.doc
    if after is not None and after.lower_ in ("is", "was") and after.i + 1 < len(doc) and (
        doc[after.i + 1].like_num
    ):
        return True  # "Mercedes is 7"
    if after is not None and after.text == "(" and after.i + 1 < len(doc) and is_age(doc[after.i + 1]):
        return True  # "two children including Mercedes (5)"
    if right_before is None:
        return False
    if right_before.lower_ in PERSON_GRAMMAR_BEFORE:
        return True
    two_before = mention.before(2)
    return right_before.lower_ == "to" and two_before is not None and two_before.lower_ == "according"


def _plain_words(mention: Mention) -> bool:
    """Every word is a stop word, a vocabulary term or an English word no list calls a name."""
    return all(
        _word(t) in mention.view.stop_words or is_vocabulary_term(mention, t)
        or (vocab.is_ordinary_word(_word(t)) and not _known_name(_word(t)))
        for t in mention.words
    )


def _cue_heads_a_term(mention: Mention, cue: Token) -> bool:
    """The word before is part of a term or a heading, not a cue for a name:

    - a capitalised role or cue before plain words: "Child Protection", "CHILD IN NEED",
      "MISPER FOUND", "Victim Liaison", "Baby NOT rolling";
    - a role or cue ending the sentence before: "former partner. Licence expiry";
    - a title in capitals before plain or lower-case words: "MS Society" (multiple
      sclerosis); a police rank before lower-case words: "PC noted" ("Dr Ford", "Mrs
      English" and "DC Barrow" keep their title: ranks are written in capitals).
    """
    word = cue.lower_.rstrip(".")
    title = word in vocab.TITLES or word in vocab.POLICE_RANKS
    if not (title or word in NAME_CUES or word in PERSON_ROLES or word in ACRONYM_NAME_CUES):
        return False
    doc = mention.view.doc
    between = doc[cue.i + 1:mention.tokens[0].i]
    if not title and any(t.text == "." for t in between):
        return True
    if not title and not cue.is_lower and _plain_words(mention):
        return True
    if word in vocab.POLICE_RANKS and word not in vocab.TITLES:
        return _is_capitals(cue) and all(t.is_lower for t in mention.words)
    return title and _is_capitals(cue) and (
        _plain_words(mention) or all(t.is_lower for t in mention.words)
    )


ORGANISATION_WORDS = frozenset({
    "general", "royal", "infirmary", "homes", "house", "towers", "foodbank", "ymca", "fc",
    "juniors", "project", "fellowship", "jobcentre", "jcp", "mbc", "ua", "edt", "camhs",
    "abc", "npt", "hub", "centre", "academy", "college", "surgery", "practice", "refuge",
    "recovery", "trust", "council", "borough", "hospital", "mosque", "church", "chapel",
    "club", "locality", "masjid", "gurdwara", "mandir", "synagogue", "group", "fa",
})
"""Last words of a body's or building's name ("Lowther General", "Ashby Vale Foodbank",
"Harrowgate UA", "Hawthorn House"): whatever comes before them names a place, not a person."""
PLACE_ENDINGS = frozenset({
    "Lane", "Road", "Rd", "Street", "St", "Avenue", "Ave", "Terrace", "Tce", "Close",
    "Crescent", "Gardens", "Park", "Way", "Square", "Place", "Estate", "Mews", "Parade",
    "Drive", "Walk", "Ln", "Vale", "Valley", "Bay", "Quay", "Sands", "Moor", "Wharf",
    "Docks", "Marina", "Dock", "Beach", "Pier",
})
"""Street and park words that end a place's name ("Cherry Tree Lane", "Victoria Park",
"Market St", "Ashby Vale", "Marram Sands"); the ones that are also common surnames (Green,
Hill, Croft, Dale, Marsh) are left out."""
BUSINESS_ENDINGS = frozenset({
    "Kitchens", "Motors", "Garage", "Taxis", "Cabs", "Cars", "Builders", "Ltd", "Limited", "Pharmacy",
    "Chemist", "Chemists", "Takeaway", "Cafe", "Café", "Barbers", "Salon", "Bakery", "Grill",
    "Nails", "Hotel", "Inn", "Mansions", "Seafront", "Promenade", "Mind", "Samaritans",
    "Kebabs", "Kebab", "Pizza", "Superstore", "Stores", "Supermarket", "Newsagents",
    "Launderette", "Autos", "Carpets", "Plumbing", "Roofing", "Scaffolding", "Removals",
    "Logistics", "Fisheries", "Chippy", "Diner", "Tandoori", "Scouts", "Brownies",
    "Oven", "Market", "Sweets", "Butchers", "Bakers", "Florist", "Florists", "Arms", "Tavern",
    "Lounge", "Amusements", "Pantry", "Boatyard", "Arcade",
})
"""Words, in title case only, that end a business's, a building's or a charity's name
("Kelstone Kitchens", "Patel's Pharmacy", "Victoria Mansions", "Pennridge Mind",
"Marram Seafront"): the words before them are not a person, whatever they are."""
NAME_FOLLOWERS_YOUNG = frozenset({"people", "people's", "carers", "persons", "parents"})
COMPASS_WORDS = frozenset({"North", "South", "East", "West", "Central"})
"""After a place that is no first name, these end an area's name ("Tessingham South",
"Lowther North"); after a first name they are a surname ("Tom West")."""
GROUP_NOUNS = frozenset({"Children", "Women", "Men"})
"""Before "'s", these make the words before them a body's name ("Stanlow Children's MASH",
"Ashby Vale Women's Refuge", "Tessingham Women's Centre")."""


def _possessive_group(doc: Doc, i: int) -> bool:
    """The token at ``i`` is "Children's", "Women's" or "Men's" (split or whole, in any
    case: "the Harrowfield children's services")."""
    if i >= len(doc):
        return False
    token = doc[i]
    if token.text.rstrip("'’s").capitalize() in GROUP_NOUNS and token.text[-2:] in ("'s", "’s"):
        return True
    return token.text.capitalize() in GROUP_NOUNS and i + 1 < len(doc) and doc[i + 1].text in ("'s", "’s")


def _is_body_acronym(mention: Mention, token: Token) -> bool:
    """Capitals that name a service, not a surname: a vocabulary acronym ("NPT", "CAMHS"), a
    body's last word ("UA", "ABC") or two to five capitals without a vowel ("CC", "PCT")
    that no surname list has."""
    text = token.text.replace(".", "")
    if not (2 <= len(text) <= 5 and text.isalpha() and text.isupper()):
        return False
    return is_vocabulary_term(mention, token) or _word(token) in ORGANISATION_WORDS or (
        not any(c in "AEIOUY" for c in text) and _word(token) not in vocab.surnames()
    )


def _ends_with_a_body_acronym(mention: Mention) -> bool:
    """Title-case words, none a listed first name, then a service's acronym: "Stanlow PDU",
    "Lowther CC", "Pennridge South NPT" (a place's team, not "Claire WATTS")."""
    words = mention.words
    return len(words) >= 2 and _is_body_acronym(mention, words[-1]) and all(
        t.text[:1].isupper() and not _is_capitals(t) and _word(t) not in vocab.first_names()
        for t in words[:-1]
    )


def _names_a_place_or_body(mention: Mention) -> bool:
    """The words end with, or stand before, a body's or a street's word: "Lowther General",
    "Ashby Vale Borough Council", "Eastfield Young Carers", "Moss Lane", "Stanlow PDU",
    "Northmere Young People's", "Redbarrow Children's Hospital"."""
    words = mention.words
    if not words:
        return False
    last = words[-1]
    after = mention.after()
    doc = mention.view.doc
    if len(words) >= 2 and (_word(last) in ORGANISATION_WORDS or last.text in PLACE_ENDINGS
                            or last.text in BUSINESS_ENDINGS):
        return True
    if _ends_with_a_body_acronym(mention) or (len(words) == 2 and is_hospital_ward(mention)):
        return True
    if len(words) >= 2 and last.text in COMPASS_WORDS and not _has_first_name(words[:-1]):
        return True  # "Tessingham South", "Lowther North"
    if len(words) >= 3 and _word(words[-2]) == "young" and _word(last) in NAME_FOLLOWERS_YOUNG:
        return True
    if after is None:
        return False
    if after.text == "Childrens" or _possessive_group(doc, after.i):
        return True  # "Redbarrow Children's Hospital", "Tessingham Women's Centre"
    if after.text == "Family" and after.i + 1 < len(doc) and _service_word(doc[after.i + 1]):
        return True  # "the Caldermoor Family Front Door", "Stanlow Family Hub"
    if len(words) >= 2 and last.text in GROUP_NOUNS and _possessive_group(doc, last.i):
        return True  # "Stanlow Children's MASH" taken up to "Children"
    if _word(last) == "young" and after.lower_ in NAME_FOLLOWERS_YOUNG:
        return True
    if after.lower_ == "young":
        return after.i + 1 < len(doc) and doc[after.i + 1].lower_ in NAME_FOLLOWERS_YOUNG
    return after.lower_ in ORGANISATION_FOLLOWERS or after.text in PLACE_ENDINGS or (
        after.text in BUSINESS_ENDINGS)


def _bridged_to_a_body(mention: Mention) -> bool:
    """Capitalised English words lead from the mention to a body's word: "Ashby" in "Ashby
    Vale Borough Council" or "Ashby Vale CAMHS" ("Vale" bridges; "Shazia Khan CAMHS" has none)."""
    doc = mention.view.doc
    j = mention.tokens[-1].i + 1
    bridged = 0
    while j < len(doc) and bridged < 2 and doc[j].text[:1].isupper() and not _is_capitals(doc[j]) and (
        vocab.is_ordinary_word(_word(doc[j])) and not _known_name(_word(doc[j]))
        and _word(doc[j]) not in ORGANISATION_FOLLOWERS
    ):
        j += 1
        bridged += 1
    return bridged > 0 and j < len(doc) and (
        doc[j].lower_ in ORGANISATION_FOLLOWERS or doc[j].text in PLACE_ENDINGS
    )


def _given_name_and_capitals_surname(mention: Mention) -> bool:
    """Title-case words then a surname in capitals, the police and form style."""
    words = mention.words
    if len(words) < 2 or not _is_capitals(words[-1]):
        return False
    surname = words[-1]
    if _ends_with_a_body_acronym(mention):
        return False  # "Stanlow PDU", "Lowther CC": a place's team
    return (
        _word(surname) not in mention.view.stop_words and not is_vocabulary_term(mention, surname)
        and all(
            t.text[:1].isupper() and not _is_capitals(t) and not is_vocabulary_term(mention, t)
            for t in words[:-1]
        )
    )


def _is_initial(token: Token) -> bool:
    text = token.text.rstrip(".")
    return len(text) == 1 and text.isalpha() and text.isupper()


# --- word rules: is this word of the mention not a name? -------------------------------------

def is_vocabulary_term(mention: Mention, token: Token) -> bool:
    """The word stands inside a safeguarding vocabulary term ("YJS", "Universal Credit")."""
    mask = mention.view.vocabulary_mask
    letters = [token.idx + k for k, c in enumerate(token.text) if c.isalpha()]
    return bool(letters) and all(mask[i] for i in letters)


def is_acronym_without_name_context(mention: Mention, token: Token) -> bool:
    """Two to five capitals are an acronym ("BWV", "OCD") unless name context says they
    are initials: a role before ("pupil LR"), an age after ("KB (7)"), or the grammar of
    a person: a verb only people do after ("SB said", "DT broke her arm") or a word that
    acts on a person before ("collecting BS", "concerns about WS"). Acronyms in the
    vocabulary need more than grammar (strong name context), since "EDT said" is usual."""
    text = token.text.replace(".", "")
    plural = text.endswith("s") and len(text) >= 3 and text[:-1].isupper()
    if plural:
        text = text[:-1]  # "ARVs deployed", "PCSOs attended": a plural is no one's initials
    if not (2 <= len(text) <= 5 and text.isalpha() and text.isupper()):
        return False
    return not (_acronym_name_context(mention) or (not plural and _acts_as_person(mention)))


FREQUENCY_ADVERBS = frozenset({
    "often", "always", "sometimes", "usually", "never", "regularly", "frequently", "still",
    "also", "repeatedly", "rarely", "occasionally", "now", "then",
})
"""Between initials and their verb these change nothing: "HC always presents as clean",
"NT often comes into school hungry" are as much a person as "HC presents"."""


def _acts_as_person(mention: Mention) -> bool:
    doc = mention.view.doc
    after = mention.after()
    if after is not None and after.lower_ in FREQUENCY_ADVERBS and after.i + 1 < len(doc):
        after = doc[after.i + 1]
    if after is not None:
        following = after.lower_
        if following in ("'s", "’s") or (
            following in SUBJECT_VERBS and following not in ("and", "'s", "’s")
        ) or following in vocab.PAST_FORMS or following in PERSON_GRAMMAR_AFTER or (
            following.endswith("ed") and after.is_lower and len(following) > 4
        ):
            return True
    before = mention.before()
    return before is not None and (
        before.lower_ in vocab.PERSON_OBJECT_WORDS or before.lower_ in vocab.CLAUSE_VERBS
        or before.lower_ in ("collecting", "collect", "to", "at", "about", "with")
        and doc[before.i].is_lower
    )


TOPIC_CUES = frozenset({"re", "regarding"})
"""Acronym cues that also introduce a topic: before a vocabulary acronym they do not make
it someone's initials ("GP letter re EPDS")."""
BIRTH_DATE_WORDS = frozenset({"dob", "d.o.b", "born"})
"""After capitals, these make them a person's name: only people have a date of birth."""


def _acronym_name_context(mention: Mention) -> bool:
    before = mention.before()
    if before is not None and before.like_num and before.i == mention.tokens[0].i - 1:
        return False  # "11 YRS, DOB ...": a unit after a number, not initials
    if before is not None and before.lower_.rstrip(".:") in ACRONYM_NAME_CUES:
        return not (before.lower_.rstrip(".:") in TOPIC_CUES and all(
            is_vocabulary_term(mention, t) for t in mention.words
        ))  # "re: KB" is someone, "letter re EPDS" a topic
    after = mention.after()
    if after is not None and after.lower_.rstrip(".:") in BIRTH_DATE_WORDS:
        return True  # "JACK SHORT DOB 09/05/1990", "WINTER FROST D.O.B."
    if after is None or after.text not in ("(", ","):
        return False
    doc = mention.view.doc
    following = doc[after.i + 1] if after.i + 1 < len(doc) else None
    return following is not None and (
        is_age(following) or following.lower_ in ("aged", "age", "dob", "d.o.b")
        or (after.text == "," and following.lower_ in ("who", "whom", "whose"))
    )


CONTRACTION_PARTS = vocab.CONTRACTIONS_WITHOUT_APOSTROPHE | frozenset({
    "n't", "'t", "’t", "nt", "'s", "'re", "'ll", "'ve", "'d", "'m", "doesn", "don", "isn",
    "wasn", "didn", "couldn", "wouldn", "shouldn", "hasn", "haven", "hadn", "aren", "weren",
    "won", "can", "ain",
})
"""Pieces the tokenizer leaves of contractions in capitals ("DOESN'T" -> "DOESN", "'T"), and
contractions written without the apostrophe ("SHE DOESNT MEET THRESHOLD")."""


SPEAKING_AFTER = frozenset({"said", "says", "told", "tells", "'s", "’s", "has", "is", "was"})
"""After two capitals that spell a stop word, these make them initials ("ON said")."""


def is_capitalised_word(mention: Mention, token: Token) -> bool:
    """A word in capitals that is an English word ("URGENT", "NOT", "RECOVERED"):
    emphasis or a heading, not a surname written in capitals. Up to three capitals that
    spell an abbreviation ("LB", "OZ") are left to the acronym rule; ones that spell a
    stop word are initials only before a verb of speech ("ON said", "AS's shoes")."""
    if not _is_capitals(token) and token.lower_ not in CONTRACTION_PARTS:
        return False
    word = _word(token)
    if token.lower_ in CONTRACTION_PARTS:
        return True
    if _recognizer(mention.result) == PROPAGATION and (
        word in vocab.first_names() or word in vocab.surnames() or word not in vocab.english_words()
        or (_propagated_same_word(mention) and _acts_as_person(mention))
    ):
        return False  # "WATTS" again after "Claire WATTS", "GOLD drives" after "Marcus GOLD"
    if _word_name(mention):
        return False  # a recognizer rule already read it as someone's initials
    if word in mention.view.stop_words:
        after = mention.after()
        return not (len(word) <= 3 and len(mention.words) == 1 and after is not None
                    and after.lower_ in SPEAKING_AFTER)
    return len(word) > 3 and vocab.is_ordinary_word(word) and not _known_name(word)


def is_in_capitals_line(mention: Mention, token: Token) -> bool:
    """A word in capitals in a heading or sentence written in capitals that is a word or
    a stop word, even one that is also a name ("I NEED PATIENCE", "SHE WILL BE BACK")."""
    if not _is_capitals(token) or not any(
        start <= token.idx < end for start, end in mention.view.capitals_lines
    ):
        return False
    word = _word(token)
    if _found_elsewhere_as_given_name(mention, token, word):
        return False  # "VICTIM: SUMMER FROST DOB ...", then "ON ARRIVAL SUMMER WAS ON THE LANDING"
    return word in mention.view.stop_words or vocab.is_ordinary_word(word) or (
        word in vocab.NEVER_NAMES or token.lower_ in CONTRACTION_PARTS
    )


def _found_elsewhere_as_given_name(mention: Mention, token: Token, word: str) -> bool:
    """A listed given name the document has already found as a name (propagation of the
    same word), not a stop word and not after one ("WE HOPE" stays a verb)."""
    if not _propagated_same_word(mention):
        return False
    stop_words = mention.view.stop_words
    if word not in vocab.first_names() or word in stop_words or word in vocab.NEVER_NAMES:
        return False
    before = mention.view.doc[token.i - 1] if token.i > 0 else None
    return before is None or _word(before) not in stop_words


def is_ordinary_word(mention: Mention, token: Token) -> bool:
    """An English word no curated list calls a name ("Reason", "Care", "Kitchen"); a
    listed first name counts as a name except opening a line or sentence ("Job centre")."""
    if _is_capitals(token):
        return False
    word = _word(token)
    if not word or word not in vocab.english_words() or _known_name(word):
        return False
    return word not in vocab.first_names() or _opens_sentence(mention.view.doc, token.i)


def _opens_sentence(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or "\n" in doc[j].whitespace_ or "\n" in doc[j].text:
        return True
    return doc[j].text[-1] in ".!?:|-•*\"“”"


def is_lower_case_word_in_cased_text(mention: Mention, token: Token) -> bool:
    """A word in lower case in a text whose sentences open with capitals ("had red marks",
    "late booker", "vice versa", "my oncologist"): its writer capitalises names, so it is
    not one. Lower-case texts ("gary is not a bad man") keep the other rules, and
    so do the curated word-names ("precious", "summer"), which writers do lower-case."""
    if not token.is_lower or not mention.view.cased or signs_the_message(
        mention.view.doc, token.i, mention.view.stop_words
    ):
        return False  # "... its fine to ring me. steve 07700 900714": a lower-case signature
    if token.i > 0 and mention.view.doc[token.i - 1].lower_ in INDEFINITE_OR_DEFINITE:
        return True  # "holding a teddy", "the summer": a thing, even when a name is spelt so
    # the curated word-names stay: "nothing to suggest precious is being belittled"
    return not _known_name(_word(token))


INDEFINITE_OR_DEFINITE = frozenset({"a", "an", "the"})
"""The articles alone: "her rose" in a cased text is left to the other rules."""


DAY_ABBREVIATIONS = frozenset({"sun", "sat", "mon", "tue", "tues", "wed", "thu", "thur",
                               "thurs", "fri"})


def is_day_abbreviation(mention: Mention, token: Token) -> bool:
    """ "0045 Sun", "Sun 19:40", "Sun evening": a weekday, not the surname Sun."""
    if _word(token) not in DAY_ABBREVIATIONS:
        return False
    doc = mention.view.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if before is not None and (_clock_like(before) or before.lower_ in vocab.DAY_BEFORE):
        return True
    return after is not None and (_clock_like(after) or (
        after.lower_ in vocab.DAY_AFTER and (
            after.lower_ not in ("and", "or") or day_after_a_join(doc, after.i + 1))
    ))  # "Sun and Mon" is two days; "Thu and the man have left" is someone


def _clock_like(token: Token) -> bool:
    return token.like_num or ":" in token.text or token.lower_.endswith("hrs")


def is_registration_abbreviation(mention: Mention, token: Token) -> bool:
    """ "Reg partial VU21", "reg no. KX19 LMO", "Reg: AB12": a vehicle registration, not the
    given name Reg."""
    if _word(token) != "reg":
        return False
    doc = mention.view.doc
    following = [t for t in doc[token.i + 1:token.i + 4] if not t.is_space]
    return bool(following) and (
        following[0].text in (":", ".") or following[0].lower_ in ("no", "number", "partial", "plate")
        or any(any(c.isdigit() for c in t.text) and any(c.isalpha() for c in t.text)
               for t in following[:2])
    )


def is_job_number(mention: Mention, token: Token) -> bool:
    """ "Job 19:52, 12 Wetherby Close": an ambulance or police job and its time or number,
    not the given name Job."""
    doc = mention.view.doc
    return _word(token) == "job" and token.i + 1 < len(doc) and doc[token.i + 1].like_num


SAID_OBJECTS = frozenset({
    "the", "there", "that", "she", "he", "they", "it", "mum", "dad", "her", "his", "to", "nothing",
    "no", "this", "he's", "she's", "they're", "mum's", "dad's", "we", "i", "you",
})
"""After "Said" opening a sentence, these make it the verb ("Said there was no tea")."""


def is_said_as_a_verb(mention: Mention, token: Token) -> bool:
    """ "the jobcentre said social services", "10:15 Said the kids are always out", "Said
    there was no tea last night": in lower case after another word of the mention, the
    verb; in title case, a note that drops its subject; "Said Gaz" or "Said is 7" is the
    given name Said."""
    doc = mention.view.doc
    if token.text == "said" and len(mention.words) > 1:
        return True  # "jobcentre said": the verb after what spoke
    return _word(token) == "said" and token.text[:1].isupper() and token.i + 1 < len(doc) and (
        doc[token.i + 1].lower_ in SAID_OBJECTS and doc[token.i + 1].text[:1].islower())


def is_the_general(mention: Mention, token: Token) -> bool:
    """ "paeds at the General": the general hospital, not a person."""
    before = mention.before()
    return token.text == "General" and len(mention.words) == 1 and before is not None and before.lower_ == "the"


DEGREE_WORDS = frozenset({"bit", "abit", "very", "too", "really", "quite", "pretty", "proper",
                          "extremely", "slightly", "fairly", "been", "seems", "seemed", "looks",
                          "looked", "felt", "feels", "feel"})
"""Before a lower-case English word, these make it an adjective ("a bit rocky at maths",
"very frank", "things had been rocky"), even where the document names someone with it."""
MODALS = frozenset({"ll", "'ll", "’ll", "would", "could", "should", "might", "must", "shall",
                    "wont", "cant", "cannot", "dont", "didnt", "doesnt", "wouldnt", "couldnt",
                    "shouldnt"})
"""Before a lower-case English word, these make it a verb ("theyll nick me", "dont mark it")."""


def is_word_after_a_degree_or_modal(mention: Mention, token: Token) -> bool:
    """A lower-case English word after ``DEGREE_WORDS`` or ``MODALS`` is an adjective or a
    verb, not the person the document names with it ("bit rocky at maths", "theyll nick
    me"); a name a recognizer found there by its own evidence is left to the other rules."""
    doc = mention.view.doc
    return token.is_lower and token.i > 0 and (
        doc[token.i - 1].lower_ in DEGREE_WORDS or doc[token.i - 1].lower_ in MODALS
    ) and vocab.is_ordinary_word(_word(token))


QUOTE_CHARACTERS = '"“”'
_QUOTED_WORD = re.compile(r"[^\W\d_]+")


def _quotation_around(text: str, start: int, end: int) -> str | None:
    """The quoted words on the line around ``start:end``, or None when it is not quoted."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = [k for k in range(line_start, start) if text[k] in QUOTE_CHARACTERS]
    if len(before) % 2 == 0:
        return None
    after = next((k for k in range(end, line_end) if text[k] in QUOTE_CHARACTERS), None)
    return None if after is None else text[before[-1] + 1:after]


FOREIGN_FUNCTION_WORDS = frozenset({
    "el", "los", "las", "del", "en", "que", "está", "esta", "hay", "tengo", "tiene", "todo", "toda",
    "muy", "pero", "por", "para", "con", "una", "não", "nao", "tem", "eu", "ele", "ela", "você",
    "isso", "muito", "și", "sunt", "este", "nie", "jest", "się", "les", "est", "je", "pas", "une",
    "des", "und", "ist", "nicht", "ich", "der", "das",
})
"""Small words of Spanish, Portuguese, Romanian, Polish, French and German that are no
English words: one of them in a quotation says it is in another language."""


def is_word_of_a_quote_in_another_language(mention: Mention, token: Token) -> bool:
    """In a text that capitalises names, a lower-case word quoted in another language is a
    word of that language, even where someone bears it as a name: "no hay luz en la casa"
    (light), "tengo dolores todo el día" (pains). The language shows in one of its small
    words (``FOREIGN_FUNCTION_WORDS``); a quoted message in broken English keeps its
    lower-case names ("hello miss is ana. stefan mum")."""
    if not mention.view.cased or not token.is_lower:
        return False
    quoted = _quotation_around(mention.view.text, token.idx, token.idx + len(token.text))
    return quoted is not None and any(
        word in FOREIGN_FUNCTION_WORDS for word in _QUOTED_WORD.findall(quoted.lower())
    )


def is_word_fragment(mention: Mention, token: Token) -> bool:
    """A piece the tokenizer cut from a word written without its apostrophe ("ive" ->
    "i", "ve"; "wont" -> "wo", "nt"; "thats" -> "that", "s"): it touches letters with no
    space between, so it is no word of its own, let alone a name."""
    if not token.is_lower:
        return False
    doc = mention.view.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (before is not None and not before.whitespace_ and before.is_alpha) or (
        after is not None and not token.whitespace_ and after.is_alpha and after.is_lower
    )


WORD_RULES: tuple[tuple[str, WordRule, bool], ...] = (
    ("word_fragment", is_word_fragment, True),
    ("vocabulary_term", is_vocabulary_term, True),
    ("day_abbreviation", is_day_abbreviation, True),
    ("registration_abbreviation", is_registration_abbreviation, True),
    ("job_number", is_job_number, True),
    ("said_as_a_verb", is_said_as_a_verb, True),
    ("the_general", is_the_general, True),
    ("word_after_a_degree_or_modal", is_word_after_a_degree_or_modal, True),
    ("word_of_a_quote_in_another_language", is_word_of_a_quote_in_another_language, True),
    ("acronym_without_name_context", is_acronym_without_name_context, False),
    ("capitalised_word", is_capitalised_word, True),
    ("capitals_line", is_in_capitals_line, True),
    ("vehicle_model", is_vehicle_model, True),
    ("ordinary_word", is_ordinary_word, False),
    ("lower_case_word_in_cased_text", is_lower_case_word_in_cased_text, False),
)
"""(name, rule, applies to propagated mentions and to words a recognizer rule took as a
name despite the word lists), in order. A mention whose every word is caught by some
rule is not a name. A propagated word in capitals skips the vocabulary: it is the same
letters a name took elsewhere in the document ("referring CP. CP has ...")."""


# --- mention rules: is the whole mention a place or a label? ---------------------------------

def is_form_label(mention: Mention) -> bool:
    """The first words of a line before a colon ("Reason for share:", "Background:")."""
    first = mention.tokens[0]
    line_start = mention.view.text.rfind("\n", 0, first.idx) + 1
    if mention.view.text[line_start:first.idx].strip(" \t-•*|"):
        return False
    doc = mention.view.doc
    after = mention.tokens[-1].i + 1
    if after < len(doc) and doc[after].lower_ in vocab.SPEECH_VERBS:
        return False  # "Brook told me:": someone's words follow, not a form's field
    for j in range(after, min(len(doc), mention.tokens[-1].i + 5)):
        if doc[j].text == ":":
            return all(
                (vocab.is_ordinary_word(_word(t)) and not _known_name(_word(t)))
                or t.lower_ in vocab.NEVER_NAMES
                for t in mention.words
            )
        if "\n" in doc[j].text or "\n" in doc[j - 1].whitespace_:
            return False
    return False


def _has_first_name(words: Sequence[Token]) -> bool:
    """A listed first name is among the words."""
    return any(_word(t) in vocab.first_names() for t in words)


MOVING_ADVERBS = frozenset({"here", "down", "up", "over", "across", "home", "back", "away"})
MOVING_VERBS = frozenset({
    "came", "come", "comes", "coming", "moved", "move", "moves", "moving", "went", "go",
    "goes", "going", "returned", "return", "returning", "relocated", "fled", "travelled",
    "traveled", "arrived", "arrive", "arriving", "back", "transferred", "emigrated", "trip",
    "holiday", "flight", "flights", "flew", "fly",
})
"""Before "to" or "from", these verbs and nouns of moving make the next capitalised words a
place ("they came to Tessingham", "Arrived from Kelstone", "the trip to Paris"); "talk to
Marzia" and "a text from Dean" stay."""


def _moving_to_or_from(mention: Mention) -> bool:
    before = mention.right_before()
    doc = mention.view.doc
    if before is None or before.lower_ not in ("to", "from") or before.i == 0:
        return False
    verb = doc[before.i - 1]
    if verb.lower_ in MOVING_ADVERBS and verb.i > 0:
        verb = doc[verb.i - 1]  # "came here from Skye", "moved down from Lewis"
    return verb.lower_ in MOVING_VERBS


def is_place_after_preposition(mention: Mention) -> bool:
    """One to three capitalised words right after "in", "near" or "via", or after "to" or
    "from" after a verb of moving ("came to Tessingham"), that are no first names ("in
    Tessingham", "via Paris"); after "moved from" even a first name is the place ("came
    here from Skye"). Possessives and ages stay people."""
    words = mention.words
    if not 1 <= len(words) <= 3 or not all(t.text[:1].isupper() for t in words):
        return False
    before = mention.right_before()
    after = mention.after()
    moving = _moving_to_or_from(mention)
    country = len(words) == 1 and before is not None and (
        (_word(words[0]) in COUNTRIES_NAMED_LIKE_PEOPLE and before.lower_ == "in")
        or (_word(words[0]) in TOWNS_NAMED_LIKE_PEOPLE and (before.lower_ == "in" or moving))
    )
    return (
        before is not None and (before.lower_ in PLACE_PREPOSITIONS or moving)
        and (not _has_first_name(words) or (moving and before.lower_ == "from") or country)
        and not (after is not None and (after.text in ("'s", "’s") or _age_in_brackets(after)))
    )  # "moved down from Lewis" is the island; "went back to Lewis" may be her partner


COUNTRIES_NAMED_LIKE_PEOPLE = frozenset({"india", "chad", "georgia", "jordan", "kenya", "israel"})
TOWNS_NAMED_LIKE_PEOPLE = frozenset({"preston", "kingston", "york", "lincoln", "chester", "paris",
                                     "florence", "sydney", "lagos"})
"""Towns and cities that are also given names or surnames: after "in", or after "to" or
"from" after a verb or noun of moving ("her nan in Preston", "a trip to Paris", "take
him down to Kingston"), the town; a bare "to" still may be the person ("talked to York")."""
"""Countries that are also given names: after "in" they are the country ("the community
she had in India"); after "to" or "from" they may be a person ("talked to Jordan")."""


def _age_in_brackets(token: Token) -> bool:
    """ "(6)", "(6 yrs)" after a word: an age, so the word is a child ("in Jade (6)'s room"),
    where "(mum's brother)" after "in Osaka" leaves the place."""
    doc = token.doc
    return token.text == "(" and token.i + 1 < len(doc) and doc[token.i + 1].like_num


JOB_WORDS_LOWER = frozenset(word.lower() for word in JOB_WORDS)


def _followed_by_a_job(mention: Mention) -> bool:
    """A comma or a bracket, then a job or role within two words: the mention is the person
    who holds it ("Carol Church, volunteer coordinator", "Sarah Church (Team Manager)")."""
    after = mention.after()
    if after is None or after.text not in (",", "("):
        return False
    doc = mention.view.doc
    return any(doc[k].lower_ in JOB_WORDS_LOWER for k in range(after.i + 1, min(len(doc), after.i + 3)))


def _closes_a_street(mention: Mention) -> bool:
    """A street's word alone, after a title-case word that is no first name: "Mill Lane" on
    a line of its own, where the line start kept "Mill" out of the result ("Sophie Lane"
    is still a person)."""
    words = mention.words
    before = mention.before()
    return (
        len(words) == 1 and words[0].text in PLACE_ENDINGS and before is not None
        and before.i == words[0].i - 1 and before.whitespace_ == " " and before.text[:1].isupper()
        and before.text[1:].islower() and _word(before) not in vocab.first_names()
    )


STREET_WORDS = PLACE_ENDINGS - frozenset({
    "Lane", "Ln", "Street", "St", "Close", "Park", "Way", "Place", "Parade", "Drive", "Walk",
    "Vale", "Valley", "Bay", "Sands", "Moor", "Marina", "Beach", "Pier", "Docks",
})
"""The place endings no one has as a surname: after them even a first name is a street's
("Cliff Terrace", "Grace Road"), unlike "Sophie Lane" or "Tom Parade"."""


def _before_a_street_word(mention: Mention) -> bool:
    """One word right before a street word: "the Cliff Terrace flats", where "Cliff" was
    carried over from "Cliff Mason" by propagation."""
    after = mention.after()
    return len(mention.words) == 1 and after is not None and after.text in STREET_WORDS and (
        mention.tokens[-1].whitespace_ == " ")


def is_place_or_body_name(mention: Mention) -> bool:
    """Capitalised words before or ending with "Council", "CAMHS", "General", "Lane"
    ("Marram CAMHS", "Lowther General", "Moss Lane"). A listed first name among them makes
    them a person ("Shazia Khan CAMHS saw") unless the last is an English word that ends
    a place ("Ashby Vale Borough Council", "Victoria Park")."""
    words = mention.words
    if not words or not words[0].text[:1].isupper():
        return False
    if _bridged_to_a_body(mention) or _closes_a_street(mention) or _before_a_street_word(mention):
        return True
    if _has_first_name(words) and _followed_by_a_job(mention):
        return False  # "Carol Church, volunteer coordinator", "Sarah Church (Team Manager)"
    last = _word(words[-1])
    if any((_word(t) in vocab.first_names() or _word(t) in vocab.curated_names())
           and not is_vocabulary_term(mention, t) for t in words) and not (
        len(words) >= 2 and (vocab.is_ordinary_word(last) or last in ORGANISATION_WORDS)
        and not _known_name(last)
    ):
        return False
    return _names_a_place_or_body(mention)


PEOPLE_NOUNS = frozenset({
    "family", "families", "household", "children", "kids", "boys", "girls", "brothers",
    "sisters", "twins", "parents", "siblings", "couple", "lads", "clan",
})
"""After "the X", these make X a family's name ("the Tran family"), not a place."""


PLACE_NOUNS = frozenset({"estate", "flats", "bypass", "roundabout", "underpass"})
"""After "the X", these make X a place whatever X is ("the Ferris estate", "the Dickens
flats"): no family is called "the Ferris estate"."""


def is_place_before_a_noun(mention: Mention) -> bool:
    """Capitalised words between "the" and a lower-case noun, none a first name: a place or
    a body ("the Marram dunes", "the Coldbrook bypass", "the Harewood flats"); a family's
    name stays a person ("the Tran family", "the Okonkwos")."""
    words = mention.words
    before = mention.right_before()
    after = mention.after()
    if before is None or before.lower_ != "the":
        return False
    if after is None or not after.is_alpha or not after.is_lower:
        return False
    word = after.lower_
    if word in PLACE_NOUNS:
        return all(t.text[:1].isupper() for t in words)  # "the Ferris estate", even a first name
    return (
        word not in PEOPLE_NOUNS and word not in SUBJECT_VERBS and word not in vocab.PAST_FORMS
        and not word.endswith("ed") and word not in mention.view.stop_words
        and all(t.text[:1].isupper() and not t.lower_.endswith("s") for t in words)
        and not _has_first_name(words)
    )


HOSPITAL_PLACES = frozenset({"ward", "bay", "bed", "cubicle", "room", "theatre", "unit"})
"""Before a number, these are where a patient is ("Admitted to Ward 12", "Bay 4")."""


def is_hospital_ward(mention: Mention) -> bool:
    """A ward, bay or room: "Admitted to Ward 12", "(Rainbow Ward)", "Puffin Unit",
    "admitted to Merryweather Ward"; a listed first name before "Ward" keeps a person
    ("Ellie Ward")."""
    words = mention.words
    if not words or _word(words[-1]) not in HOSPITAL_PLACES or not words[-1].text[:1].isupper():
        return False
    if len(words) == 1:
        after = mention.after()
        before = mention.right_before()
        return after is not None and after.like_num and (
            before is None or not before.text[:1].isupper()
        )
    if len(words) != 2:
        return False
    right_before, two_before = mention.right_before(), mention.before(2)
    moved = right_before is not None and right_before.lower_ in ("to", "from", "on") and (
        two_before is not None and two_before.lower_ in ADMISSION_VERBS)
    if moved and two_before is not None and two_before.lower_ in ADMITTED:
        return True  # "admitted to Phoenix Ward", even a first name
    if _word(words[0]) in vocab.first_names() or _known_name(_word(words[0])):
        return False
    return vocab.is_ordinary_word(_word(words[0])) or moved


ADMISSION_VERBS = frozenset({"admitted", "transferred", "moved", "discharged", "returned"})
"""Before "to", these make a surname-like word before "Ward" a ward's name ("admitted to
Merryweather Ward"); "Ellie Ward" keeps her first name ("discharged to Nora Ward")."""
ADMITTED = frozenset({"admitted", "transferred"})
"""Before "to", these make even a first name before "Ward" the ward's ("admitted to Phoenix
Ward"): a patient is admitted to a ward, not to a person."""


SAINT_WORDS = frozenset({"St", "St.", "Saint", "ST"})


def is_saints_place(mention: Mention) -> bool:
    """A saint's name is a church, a school or a hospital: "at St Oswald's", "St Luke's",
    "Vicar of St Chad's"; the saint is not a person in the referral."""
    words = mention.words
    before = mention.right_before()
    return bool(words) and words[0].text in SAINT_WORDS or (
        before is not None and before.text in SAINT_WORDS
    )


PLACE_BODY_WORDS = frozenset({"council", "borough", "county", "district", "city", "mbc", "cc"})
"""After a capitalised word, these make it a place's name ("Stanlow County Council")."""


def places_in(doc: Doc) -> frozenset[str]:
    """Words a document uses as a place: one capitalised word, no listed first name, month or day, after
    "in", "near" or "via" and not before a possessive or an age ("moved to a flat in
    Stanlow"), or before a council's word ("Stanlow County Council")."""
    found = set()
    for token in doc:
        if not (token.is_alpha and token.text[:1].isupper() and not _is_capitals(token)):
            continue
        word = token.lower_
        if word in vocab.first_names() or word in vocab.CALENDAR_WORDS:
            continue  # "in April" is a time, not a place
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        before_a_body_word = after is not None and after.lower_ in PLACE_BODY_WORDS
        after_a_preposition = (
            before is not None and before.lower_ in PLACE_PREPOSITIONS and before.is_lower
            and (after is None or not (after.text[:1].isupper() or after.text in ("'s", "’s", "(")))
        )
        if before_a_body_word or after_a_preposition:
            found.add(word)
    return frozenset(found)


def is_place_named_elsewhere(mention: Mention) -> bool:
    """One word the document uses as a place elsewhere: "Good afternoon Stanlow," and "a
    pitch at Greenfields Site, Stanlow" where the text also says "continue in Stanlow"."""
    words = mention.words
    return len(words) == 1 and _word(words[0]) in mention.view.place_words and (
        words[0].text[:1].isupper()
    )


def is_business_name(mention: Mention) -> bool:
    """Title-case words that end with, or stand (possessive or not) before, a business's
    word: "Kelstone Kitchens", "Sandy's Nails", "Patel's Pharmacy", "Sterling Hotel". Such a
    word in title case ends a business's name even after a first name."""
    words = mention.words
    if not words or not all(t.text[:1].isupper() for t in words):
        return False
    if len(words) >= 2 and words[-1].text in BUSINESS_ENDINGS:
        return True
    doc = mention.view.doc
    j = mention.tokens[-1].i + 1
    if j + 1 < len(doc) and doc[j].text == "&" and doc[j + 1].text.rstrip(".") in ("Co", "Sons", "Son", "Partners"):
        return True  # "Mills & Co"
    if j < len(doc) and doc[j].text in ("'s", "’s"):
        j += 1
    if j + 1 < len(doc) and doc[j].text in BUSINESS_ENDINGS:
        return True  # "Patel's Pharmacy"
    if _surname_before_a_trade(mention, j):
        return True  # "works at Jobling's fish quay"
    before = mention.before()
    if j < len(doc) and doc[j].text in PUB_ENDINGS and before is not None and before.lower_ == "the":
        return True  # "the King's Head", "the Saracen's Head"
    if j + 1 < len(doc) and (doc[j].lower_ == "the" or (
        doc[j].text[:1].isupper() and vocab.is_ordinary_word(doc[j].lower_)
        and not _known_name(doc[j].lower_)
    )):
        j += 1  # "Jones the Sweets", "Ali's Mini Market"
    return j < len(doc) and doc[j].text in BUSINESS_ENDINGS


BUSINESS_NOUNS = frozenset({
    "shop", "boatyard", "yard", "quay", "launderette", "van", "garage", "cafe", "café", "bakery",
    "butchers", "farm", "salon", "takeaway", "chippy", "pub", "arcade", "amusements", "pantry",
    "warehouse", "factory", "depot", "workshop", "showroom", "scrapyard", "mill", "haulage",
    "builders", "nursery", "kennels", "stables", "garden centre", "care home", "hotel",
    "caravan park", "store", "market", "stall", "bar", "restaurant",
})
"""Lower-case nouns of a trade or a workplace: a surname's possessive before them names
the business ("at Pattinson's boatyard", "from Marchetti's van")."""
BUSINESS_LEADS = frozenset({"at", "from", "runs", "owns", "outside", "behind", "for", "in", "by"})
"""Words before "X's <trade>" that make it a place of work or trade, not X's own thing."""


def _surname_before_a_trade(mention: Mention, j: int) -> bool:
    """One title-case word that is no listed first name, after "at", "from" or "runs", then
    "'s" and up to three lower-case words ending a trade's noun: "works at Ridley's care
    home", "runs Fisher's fish and chip shop". A first name keeps a person ("at Jade's
    van" is Jade's)."""
    words = mention.words
    doc = mention.view.doc
    before = mention.right_before()
    if len(words) != 1 or _word(words[0]) in vocab.first_names() or before is None or (
        before.lower_ not in BUSINESS_LEADS or j >= len(doc) or doc[j - 1].text not in ("'s", "’s")
    ):
        return False
    for k in range(j, min(j + 4, len(doc))):
        token = doc[k]
        if not (token.is_alpha and token.is_lower):
            return False
        if token.lower_ in BUSINESS_NOUNS or (
            k + 1 < len(doc) and f"{token.lower_} {doc[k + 1].lower_}" in BUSINESS_NOUNS
        ):
            return True
    return False


PUB_ENDINGS = frozenset({"Head", "Arms", "Rest", "Inn", "Tavern"})
"""The last word of a pub's name after a possessive, when "the" stands before it: "the
King's Head". Without "the" a possessive before "Head" is a person ("Jack's Head of Year")."""


BODY_LAST_WORDS = ORGANISATION_WORDS | frozenset({
    "nursery", "school", "god", "inn", "hotel", "unit", "clinic", "group", "pharmacy", "station",
    "center", "ward", "base", "office", "library", "hall",
})
"""The last word of a body's name before ", <place>" ("Hollybank Surgery, Tessingham")."""


def is_place_after_a_body(mention: Mention) -> bool:
    """One or two capitalised words, no first name among them, right after a body's name and
    a comma: the body's town, as in a letterhead ("Hollybank Surgery, Tessingham", "Little
    Acorns Day Nursery, Eastfield", "Church of God, Lowther"). A verb after it makes it
    the subject of a sentence: "... Girls' Academy, Fatoumata attends ..." stays a person."""
    words = mention.words
    if not 1 <= len(words) <= 2 or not all(t.text[:1].isupper() and not _is_capitals(t) for t in words):
        return False
    if any(_word(t) in vocab.first_names() or _known_name(_word(t)) for t in words):
        return False
    comma = mention.right_before()
    doc = mention.view.doc
    if comma is None or comma.text != "," or comma.i == 0:
        return False
    body = doc[comma.i - 1]
    after = mention.after()
    acts = after is not None and after.is_alpha and after.is_lower and (
        after.pos_ in ("VERB", "AUX") or after.lower_ in SUBJECT_VERBS)
    return body.text[:1].isupper() and _word(body) in BODY_LAST_WORDS and not acts and not (
        after is not None and after.text in ("'s", "’s", "(")
    )


STREET_PREPOSITIONS = frozenset({
    "on", "by", "at", "near", "off", "along", "down", "up", "opposite", "in", "into", "onto",
    "past", "behind",
})
STREET_ENDINGS = frozenset({
    "Lane", "Road", "Rd", "Street", "Avenue", "Ave", "Close", "Drive", "Crescent", "Terrace",
    "Grove", "Walk", "Mews",
})
"""The street types (``vocab.STREET_TYPES``) that are neither common surnames ("Hill",
"Green", "Chase") nor words that follow a first name in other senses ("Park", "Way",
"View"): after a first name and a locative preposition, only these make a street."""


def is_street_after_preposition(mention: Mention) -> bool:
    """A word and a street's word after "on", "by", "at", "along" and the like: a street, even
    when the word is a first name ("by Sandy Lane", "on Grace Street"); "to Tom Lane" and "at
    Tom Lane's" stay a person."""
    words = mention.words
    before = mention.right_before()
    after = mention.after()
    return (
        len(words) == 2 and words[-1].text in STREET_ENDINGS and words[0].text[:1].isupper()
        and before is not None and before.lower_ in STREET_PREPOSITIONS
        and not (after is not None and after.text in ("'s", "’s", "("))
    )


PET_WORDS = frozenset({
    "dog", "dogs", "cat", "cats", "puppy", "pup", "kitten", "staffie", "staffy", "bully",
    "pet", "rabbit", "pony", "horse", "hamster", "parrot", "snake", "lurcher", "husky",
})
"""Before a name, these make it a pet's ("the dog Bruno", "a puppy called Tyson"): pets are
not people, and the guideline does not mark their names."""


def is_pet_name(mention: Mention) -> bool:
    """One word right after a pet's word, or after "called", "named" or a comma after one."""
    words = mention.words
    before = mention.right_before()
    if len(words) != 1 or before is None:
        return False
    if before.lower_ in ("called", "named", ",") and before.i > 0:
        before = mention.view.doc[before.i - 1]  # "a dog called Biscuit", "the dog, Bruno,"
    return before.lower_ in PET_WORDS


def starts_on_a_fragment(mention: Mention) -> bool:
    """A run that starts on a piece of a word ("thats true" -> "that", "s true")."""
    words = mention.words
    return bool(words) and is_word_fragment(mention, words[0])


ACRONYM_DETERMINERS = frozenset({"a", "an", "the", "no", "any", "every", "each", "some"})
"""Before capitals, these make a thing of them ("NO SH disclosed", "any DV", "the NCC"):
nobody writes "no JT" for a person."""


def acronym_after_a_determiner(mention: Mention) -> bool:
    """One word of capitals right after a determiner, or after a relative's possessive, is
    an abbreviation, not initials ("any DV", "his mam's MS")."""
    words = mention.words
    before = mention.before()
    if not (len(words) == 1 and _is_capitals(words[0]) and 2 <= len(words[0].text) <= 5) or before is None:
        return False
    if before.text in ("'s", "’s"):
        relative = mention.before(2)
        return relative is not None and relative.lower_ in KIN_POSSESSORS
    return before.lower_ in ACRONYM_DETERMINERS


KIN_POSSESSORS = vocab.KIN_WORDS | {"mam", "mams", "mummy", "daddy"}
"""Before "'s" and capitals, these make the capitals a thing of theirs ("mum's MS", "dad's
PTSD"): a relative's initials would follow the word itself ("mum JT")."""


def service_after_family(mention: Mention) -> bool:
    """ "Family Front Door", "Family Hub": a service's name, not a person after "Family"."""
    before = mention.before()
    words = mention.words
    return bool(words) and before is not None and before.text == "Family" and _service_word(words[0])


def _service_word(token: Token) -> bool:
    """A title-case word that, after "Family", names a service (``name_cues.SERVICE_WORDS``)."""
    return token.text[:1].isupper() and token.lower_ in SERVICE_WORDS


MENTION_RULES: tuple[tuple[str, MentionRule], ...] = (
    ("acronym_after_a_determiner", acronym_after_a_determiner),
    ("starts_on_a_fragment", starts_on_a_fragment),
    ("saints_place", is_saints_place),
    ("form_label", is_form_label),
    ("place_after_preposition", is_place_after_preposition),
    ("place_or_body_name", is_place_or_body_name),
    ("place_before_a_noun", is_place_before_a_noun),
    ("place_named_elsewhere", is_place_named_elsewhere),
    ("hospital_ward", is_hospital_ward),
    ("business_name", is_business_name),
    ("street_after_preposition", is_street_after_preposition),
    ("place_after_a_body", is_place_after_a_body),
)
"""(name, rule), in order; they apply to propagated mentions too."""


def is_shouted_grammar_word(mention: Mention) -> bool:
    """Words of grammar of three letters or more written in capitals for emphasis ("baby
    NOT rolling", "parents NOT told"): a role word before them is no name cue. Two
    letters may be someone's initials ("AT is well behaved", "IN said")."""
    words = mention.words
    return bool(words) and all(
        _is_capitals(t) and len(t.text) >= 3 and _word(t) in mention.view.stop_words
        and _word(t) not in vocab.STOP_WORD_NAMES
        for t in words
    )


UNTITLED_THING_RULES: tuple[tuple[str, MentionRule], ...] = (
    ("shouted_grammar_word", is_shouted_grammar_word),
    ("service_after_family", service_after_family),
    ("job_title", is_job_title),
    ("name_as_a_modifier", name_as_a_modifier),
    ("language_of_speech", language_of_speech),
    ("drink_after_a_measure", drink_after_a_measure),
    ("place_after_a_place_lead", is_place_after_a_place_lead),
    ("business_in_brackets", bracketed_after_a_business),
    ("named_thing_after_the", named_thing_after_the),
    ("pub_name", pub_name),
    ("body_before_its_noun", body_before_its_noun),
)
"""Mention rules asked before strong name context: their cue ("lives in", "takeaway (",
"the") leaves no room for a title, and two title-case words ("Belo Horizonte", "Golden
Dragon") would otherwise count as a full name."""


def rejecting_rule(mention: Mention) -> str | None:
    """The name of the first rule that finds the mention is not a name, or None."""
    if is_pet_name(mention):
        return "pet_name"
    for name, mention_rule in UNTITLED_THING_RULES:
        if mention_rule(mention):
            return name
    if has_strong_name_context(mention) or _has_hyphened_given_name(mention):
        return None
    propagated = _recognizer(mention.result) == PROPAGATION
    word_name = _word_name(mention)
    judged = propagated or word_name
    same_word = propagated and not word_name  # the word itself was found as a name
    for name, mention_rule in MENTION_RULES:
        if mention_rule(mention):
            return name
    words = mention.words
    if not words:
        return None
    reasons: list[str] = []
    for token in words:
        reason = next(
            (name for name, word_rule, for_judged in WORD_RULES
             if (for_judged or not judged) and word_rule(mention, token)
             and not (same_word and name == "vocabulary_term" and _is_capitals(token))),
            None,
        )
        if reason is None:
            return None
        reasons.append(reason)
    return reasons[0]


_HYPHENED_SYLLABLES = re.compile(r"(?<![\w'’-])([A-Z][a-z]{0,5})-([a-z]{1,6})(?![\w'’-])")


def _has_hyphened_given_name(mention: Mention) -> bool:
    """Two syllables of a Korean or Cantonese given name joined by a hyphen ("Ha-eun",
    "Tai-man"): a name, though each syllable alone is a word the word rules would drop."""
    value = mention.view.text[mention.result.start:mention.result.end]
    return any(vocab.hyphened_given_name(first, second) for first, second in _HYPHENED_SYLLABLES.findall(value))


def _recognizer(result: RecognizerResult) -> str:
    metadata = result.recognition_metadata or {}
    return str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))


def _word_name(mention: Mention) -> bool:
    """A rule read the word as someone's name or initials, not the word itself."""
    return bool((mention.result.recognition_metadata or {}).get(WORD_NAME_KEY))


def _propagated_same_word(mention: Mention) -> bool:
    """Propagation took the mention because the same word was found as a name elsewhere."""
    return _recognizer(mention.result) == PROPAGATION and not _word_name(mention)


def _propagated_initials(mention: Mention) -> bool:
    """Propagation took the mention as the initials of a name found elsewhere."""
    return _recognizer(mention.result) == PROPAGATION and _word_name(mention)


_SEGMENT = re.compile(r"[^\n.!?]+[.!?]*")


def capitals_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines and sentences written (four words in five) in capitals."""
    spans: list[tuple[int, int]] = []
    for segment in _SEGMENT.finditer(text):
        words = [w for w in segment.group(0).split() if any(c.isalpha() for c in w)]
        if len(words) >= CAPITALS_LINE_MIN_WORDS:
            capitals = sum(1 for w in words if w.upper() == w)
            if capitals >= CAPITALS_LINE_SHARE * len(words):
                spans.append(segment.span())
    return spans


def _name_likeness(line: str) -> int:
    """How many capitalised words of a line a name list knows or no dictionary does."""
    score = 0
    for word in re.findall(r"[^\W\d_][\w'’-]*", line):
        lower = word.lower()
        if word[0].isupper() and len(word) > 1 and (
            lower in vocab.first_names() or lower in vocab.surnames()
            or lower not in vocab.english_words()
        ):
            score += 1
    return score


_SPACED_DASH = re.compile(r"\s+[-–—]\s+")


def trim_person_edges(text: str, result: RecognizerResult) -> None:
    """Trim a PERSON result to its name, in place: not across a line ("Martin Hale\nESOL
    Lecturer") or a spaced dash ("Marram CAMHS - Eating Disorders Pathway", the part most
    like a name is kept), not over a leading clock time or dash ("21:45 Lily", "03:55 -
    Lexi"), not over lower-case words after capitalised ones ("Rojin messaged")."""
    value = text[result.start:result.end]
    if "\n" in value:
        offset, best, best_score = 0, None, -1
        for line in value.split("\n"):
            score = _name_likeness(line)
            if score > best_score and line.strip():
                best, best_score = (offset, line), score
            offset += len(line) + 1
        if best is not None:
            line_start, line = result.start + best[0], best[1]
            result.start = line_start + len(line) - len(line.lstrip())
            result.end = line_start + len(line.rstrip())
    value = text[result.start:result.end]
    pieces = _SPACED_DASH.split(value)
    if len(pieces) > 1:  # a heading's parts: "Marram CAMHS - Eating Disorders Pathway"
        offset, best, best_score = 0, None, -1
        for piece, separator in zip(pieces, [*_SPACED_DASH.findall(value), ""]):
            score = _name_likeness(piece)
            if score > best_score and any(c.isalpha() for c in piece):
                best, best_score = (offset, piece), score
            offset += len(piece) + len(separator)
        if best is not None:
            piece_start, piece = result.start + best[0], best[1]
            result.start = piece_start + len(piece) - len(piece.lstrip())
            result.end = piece_start + len(piece.rstrip())
    lead = re.match(r"[\d:.\s\-–—]+", text[result.start:result.end])
    if lead and any(c.isalpha() for c in text[result.start + lead.end():result.end]):
        result.start += lead.end()
    words = text[result.start:result.end].split(" ")
    if words and words[0][:1].isupper():
        while len(words) > 1 and ((words[-1].islower() and words[-1].isalpha()) or words[-1] in APP_VERBS):
            words.pop()
        result.end = result.start + len(" ".join(words))
    while len(words) > 1 and words[0] in CAPITALS_JOINERS:
        result.start += len(words.pop(0)) + 1  # "JACK SHORT ... AND CHERRY SHORT"
    if len(words) > 1 and words[-1] in ROLE_HEADS and _ROLE_OF.match(text, result.end):
        result.end -= len(words.pop()) + 1  # "Emma Head of Year 9": Emma is the name


APP_VERBS = frozenset({
    "FaceTimed", "FaceTiming", "FaceTimes", "WhatsApped", "WhatsApping", "Snapchatted",
    "Snapchatting", "Skyped", "Skyping", "DMed", "DM'd", "DMd",
})
"""Verbs made of an app's name, capitalised as the app is: after a name they are what the
person did ("Dilan FaceTimed her"), not the rest of the name."""
ROLE_HEADS = frozenset({"Head", "Deputy", "Director", "Chair", "Lead"})
"""Closing a result before "of", these open the person's role, not their surname."""
_ROLE_OF = re.compile(r"[ \t]+of[ \t]+[A-Z]")


CAPITALS_JOINERS = frozenset({"AND", "OR", "&", "WITH", "TO", "FROM", "BY", "THE", "OF"})
"""Words in capitals that join the names of a police notice; never the edge of a name."""


_LEADING_CAPITALS = re.compile(r"([A-Z]{2,6})[ \t]+(?=[A-Z][a-z])")


def trim_leading_acronym(view: DocumentView, result: RecognizerResult) -> None:
    """Cut a vocabulary acronym off the front of a PERSON result, in place: "AMHP Rhys
    Llewellyn", "SW Fiona McLeish" name a role and a person; the role is no name, and taken
    as one it was found again alone ("AMHP felt ...")."""
    while True:
        match = _LEADING_CAPITALS.match(view.text, result.start, result.end)
        if match is None or not all(view.vocabulary_mask[match.start(1):match.end(1)]):
            return
        if _name_likeness(view.text[match.end():result.end]) == 0:
            return  # "YJS Information Share": a heading, left whole to the other rules
        result.start = match.end()


_REST_OF_PHRASE = re.compile(r"(?:[ \t]+[A-Z][\w&'’-]*)*")
"""Capitalised words on the same line right after a result: the rest of a body's name."""


def trim_body_after_comma(view: DocumentView, result: RecognizerResult) -> None:
    """Cut a PERSON result at a comma when what follows, with any capitalised words right
    after it, names a team or a body, in place: "HOLLIS, Pennridge South NPT" is the officer and their team,
    whether the result ends at "NPT" or at "Pennridge" ("WATTS, Claire" stays)."""
    value = view.text[result.start:result.end]
    cut = value.find(",")
    rest = value[cut + 1:].split() if cut > 0 else []
    if not rest or (len(rest) >= 2 and rest[0].lower() in vocab.first_names()):
        return  # "Shazia Khan, Shazia Kowalczyk CAMHS": a second person, not a team
    phrase_end = result.end + len(_REST_OF_PHRASE.match(view.text, result.end).group(0).rstrip())
    last = view.text[result.start:phrase_end].split()[-1].strip(".")
    last_start = view.text.rfind(last, result.start, phrase_end)  # "HOLLIS, Drovemere| South NPT"
    in_vocabulary = all(
        view.vocabulary_mask[last_start + k] for k, c in enumerate(last) if c.isalpha()
    )
    if last.lower() in ORGANISATION_WORDS or (
        2 <= len(last) <= 5 and last.isalpha() and last.isupper() and in_vocabulary
    ):
        result.end = result.start + len(value[:cut].rstrip())


_CAPITALS_SURNAME = re.compile(r" ([A-Z][A-Z'’-]*[A-Z])(?![\w'’-])")


def grow_over_capitals_surname(view: DocumentView, result: RecognizerResult) -> None:
    """Grow a title-case PERSON result over a surname in capitals right after it, in place:
    the police and form style ("Matej KOVAC, 14"). Not over a vocabulary term ("Sarah
    CAMHS") or an English word in capitals ("Tom NOT")."""
    value = view.text[result.start:result.end]
    if not value[:1].isupper() or value.isupper():
        return
    match = _CAPITALS_SURNAME.match(view.text, result.end)
    if match is None or any(view.vocabulary_mask[match.start(1):match.end(1)]):
        return
    word = match.group(1).lower()
    if len(word) < 4 or not any(c in "aeiouy" for c in word):
        return  # "Tessingham Homes ASB": short or vowel-less capitals are acronyms
    if word in view.stop_words or (vocab.is_ordinary_word(word) and not _known_name(word)):
        return
    result.end = match.end(1)


_GIVEN_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-zà-ÿ'’-]+) \Z")


def grow_back_over_given_name(view: DocumentView, result: RecognizerResult) -> None:
    """Grow a surname in capitals back over the title-case given name right before it, in
    place: "Rhodri PRYS (39)", "Femke PRYS (5)" when only "PRYS" was found. Not over a
    vocabulary term, a title or a role ("Mr PRYS", "Victim PRYS") or an English word."""
    value = view.text[result.start:result.end]
    if not value.isupper() or len(value.strip()) < 2 or all(view.vocabulary_mask[result.start:result.end]):
        return  # "Family's UC": a vocabulary term is no surname
    match = _GIVEN_BEFORE.search(view.text, max(0, result.start - 30), result.start)
    if match is None or any(view.vocabulary_mask[match.start(1):match.end(1)]) or (
        match.group(1).endswith(("'s", "’s"))
    ):
        return
    word = match.group(1).lower()
    if word in vocab.TITLES or word in vocab.ROLE_WORDS or word in vocab.NEVER_NAMES or (
        word in view.stop_words or word in vocab.POLICE_RANKS
    ):
        return
    if word in vocab.first_names() or not vocab.is_ordinary_word(word):
        result.start = match.start(1)


BURMESE_PREFIXES = frozenset({"saw", "naw", "maung", "mahn", "nang", "sai"})
"""Karen, Burmese and Shan prefixes that are part of the name ("Saw Eh Htoo", "Naw Htee
Moo", "Maung Aung"), before a found name that is no English word ("Daw" is a title, in
``vocab.TITLES``, and stays outside the name)."""
_SYLLABLE_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][a-z]{1,4}) \Z")


def grow_back_over_name_syllables(view: DocumentView, result: RecognizerResult) -> None:
    """Grow a found name whose first word is no English word ("Htoo") back over up to two title-case
    syllables of a Burmese or Karen name before it: a two-letter one that is no stop word
    ("Eh Htoo") and a Karen prefix before that ("Saw Eh Htoo"). "Saw" opening a sentence
    is the verb ("Saw Htoo at lunch")."""
    first = view.text[result.start:result.end].split(" ")[0]
    if not first[:1].isupper() or vocab.is_ordinary_word(first.lower()):
        return
    for _ in range(2):
        match = _SYLLABLE_BEFORE.search(view.text, max(0, result.start - 8), result.start)
        if match is None:
            return
        word = match.group(1).lower()
        two_letters = len(word) == 2 and word not in view.stop_words and word not in vocab.TITLES
        token = view.doc.char_span(match.start(1), match.end(1))
        prefix = word in BURMESE_PREFIXES and token is not None and not _opens_sentence(view.doc, token[0].i)
        if not (two_letters or prefix):
            return
        result.start = match.start(1)


_HEADER_LINE = re.compile(r"^[ \t>]*(?:From|To|Cc|CC|Bcc|BCC|Sent by|Reply-To)[ \t]*:", re.MULTILINE)
_GIVEN_AFTER_COMMA = re.compile(r", ?([A-Z][\w'’-]+)(?=[ \t]*(?:<|;|\(|$))", re.MULTILINE)
_SURNAME_BEFORE_COMMA = re.compile(r"(?:^|[:;][ \t]*)([A-Z][\w'’-]+), ?\Z", re.MULTILINE)


def _in_email_header(text: str, position: int) -> bool:
    """On a From, To or Cc line of an email pasted into the referral."""
    line_start = text.rfind("\n", 0, position) + 1
    return _HEADER_LINE.match(text, line_start) is not None


def grow_over_header_name(view: DocumentView, result: RecognizerResult) -> None:
    """On an email's From, To or Cc line, grow one found word of "Surname, Given" over
    the other, in place: "From: Baker, Will <w.baker@...>", "Cc: Kent, Simon;". Outlook
    writes people so, and the given name is often a word ("Will") and the surname a
    place ("Kent")."""
    text = view.text
    value = text[result.start:result.end]
    if " " in value.strip() or "," in value or not _in_email_header(text, result.start):
        return  # one word only: "From: Frank Page, Headteacher" is a name and a job
    after = _GIVEN_AFTER_COMMA.match(text, result.end)
    if after is not None and _could_be_a_name(after.group(1)):
        result.end = after.end(1)
        return
    line_start = text.rfind("\n", 0, result.start) + 1
    before = _SURNAME_BEFORE_COMMA.search(text, line_start, result.start)
    if before is not None and _could_be_a_name(before.group(1)):
        result.start = before.start(1)


def _could_be_a_name(word: str) -> bool:
    """One word of "Surname, Given" on a header line: not capitals (a body, "MASH"), a role
    or a job ("Duty", "Headteacher")."""
    lower = word.lower()
    return not word.isupper() and lower not in vocab.NEVER_NAMES and lower not in JOB_WORDS_LOWER


def header_name(mention: Mention) -> bool:
    """ "Surname, Given" on an email's From, To or Cc line (see grow_over_header_name)."""
    value = mention.view.text[mention.result.start:mention.result.end]
    surname, comma, given = value.partition(",")
    return bool(comma) and _in_email_header(mention.view.text, mention.result.start) and all(
        len(part.split()) == 1 and part[:1].isupper() and _could_be_a_name(part)
        for part in (surname.strip(), given.strip())
    )  # not "To: Northvale, MASH" or "Cc: Duty, Team"


_MONTH_BEFORE_NAME = re.compile(
    r"(?<![\w'’])(" + "|".join(sorted(m.capitalize() for m in MONTH_NAMES)) + r") \Z"
)


def grow_back_over_month_name(view: DocumentView, result: RecognizerResult) -> None:
    """Grow a found surname back over a month that is a given name right before it, in
    place: "Parent: April Miller (mum)" when only "Miller" was found. Not where the month
    is a date ("in April Miller was", "3 June Hall")."""
    match = _MONTH_BEFORE_NAME.search(view.text, max(0, result.start - 10), result.start)
    if match is None or not view.text[result.start:result.end][:1].isupper():
        return
    month = view.doc.char_span(match.start(1), match.end(1))
    if month is None or reads_as_month(view.doc, month.start):
        return
    result.start = match.start(1)


def trim_self_introduction(view: DocumentView, result: RecognizerResult) -> None:
    """Cut the "m" of "im" off a PERSON result that grew back over it, in place, when the
    word after is a name given after "im" ("im tom" had become "i[PERSON]"); otherwise
    the result is left for the rules, which drop a result that starts on a fragment."""
    span = view.doc.char_span(result.start, result.end, alignment_mode="expand")
    if span is None or len(span) < 2 or span[0].lower_ != "m":
        return
    if is_self_introduction(view.doc, span[1].i, view.stop_words):
        result.start = span[1].idx


def trim_shouted_words(view: DocumentView, result: RecognizerResult) -> None:
    """Cut English words written in capitals off both ends of a PERSON result, in place.

    In a notice written in capitals the model runs a name into the words around it
    ("ANDREI FRIGHTENED", "POPESCU SNR NOT YET SPOKEN TO", "THE BACKS OF ANDREI'S"); the
    name stays and the sentence is kept. A result made only of such words is left whole
    for the rules, which drop it."""
    span = view.doc.char_span(result.start, result.end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return
    tokens = list(span)
    mention = Mention(view, result, tuple(tokens))
    if not all(t.text.upper() == t.text for t in mention.words):
        return  # "PC 1893 Rebecca STONE": a given name, then the surname in capitals

    def shouted(token: Token) -> bool:
        if not any(c.isalpha() for c in token.text) or token.text in ("A", "I"):
            return True
        return is_capitalised_word(mention, token) or is_in_capitals_line(mention, token)

    first, last = 0, len(tokens)
    while first < last and shouted(tokens[first]):
        first += 1
    while last > first and shouted(tokens[last - 1]):
        last -= 1
    if first == last or (first == 0 and last == len(tokens)):
        return
    result.start = max(result.start, tokens[first].idx)
    result.end = min(result.end, tokens[last - 1].idx + len(tokens[last - 1].text))


class NameGuard:
    """Drops PERSON results that the rules find are vocabulary, places or labels."""

    def __init__(self, vocabulary: SafeguardingVocabulary, stop_words: frozenset[str]) -> None:
        self.vocabulary = vocabulary
        self.stop_words = stop_words
        self.vehicle_makes = frozenset(t.casefold() for t in vocabulary.groups.get(VEHICLE_GROUP, ()))
        self.given_name_terms = frozenset(
            term.casefold() for group, terms in vocabulary.groups.items() if group not in PLACE_LIKE_GROUPS
            for term in terms if not term.isupper() and term.casefold() in vocab.first_names()
        )
        self.nationality_words = frozenset(
            term.casefold() for term in vocabulary.groups.get(NATIONALITY_GROUP, ())
        )

    def view(self, text: str, doc: Doc) -> DocumentView:
        """The per-document facts the rules read."""
        mask = bytearray(len(text))
        for start, end in self.vocabulary.spans(text):
            mask[start:end] = b"\x01" * (end - start)
        return DocumentView(text=text, doc=doc, vocabulary_mask=mask,
                            stop_words=self.stop_words, capitals_lines=capitals_lines(text),
                            cased=opens_sentences_with_capitals(text), place_words=places_in(doc),
                            vehicle_models=vehicle_models_in(doc, self.vehicle_makes),
                            given_name_terms=self.given_name_terms,
                            nationality_words=self.nationality_words)

    def keep(self, view: DocumentView, results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
        """The results minus the PERSON ones that are not names."""
        kept: list[RecognizerResult] = []
        for result in results:
            if result.entity_type != pii_types.PERSON or _recognizer(result) not in (
                GUARDED_RECOGNIZERS
            ):
                kept.append(result)
                continue
            trim_person_edges(view.text, result)
            grow_over_capitals_surname(view, result)
            grow_back_over_given_name(view, result)
            grow_back_over_name_syllables(view, result)
            grow_back_over_month_name(view, result)
            grow_over_header_name(view, result)
            trim_body_after_comma(view, result)
            trim_leading_acronym(view, result)
            trim_shouted_words(view, result)
            trim_self_introduction(view, result)
            span = view.doc.char_span(result.start, result.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                kept.append(result)
                continue
            if rejecting_rule(Mention(view, result, tuple(span))) is None:
                kept.append(result)
        return kept


NAME_PARTICLES = ("van der", "van den", "van de", "von der", "de la", "de los", "van", "von",
                  "ten", "ter", "den", "der", "de", "da", "di", "do", "dos", "das", "del",
                  "della", "le", "la", "bin", "binti", "ibn", "al", "el", "mac", "ap")
_PARTICLE_SURNAME = re.compile(
    r"\s(?:" + "|".join(re.escape(p) for p in NAME_PARTICLES) + r")\s[^\W\d_][\w'’-]*"
)
LEADING_PARTICLES = sorted((NAME_PARTICLE_WORDS | {"ab"}) - {"da", "do", "la", "le", "el", "y", "e"})
"""Particles that may stand before a lone surname: the shared particle words and Welsh
"ab", less those that are everyday words in English or Spanish ("to do", "la la")."""
_PARTICLE_BEFORE = re.compile(
    r"(?<![\w'’-])(" + "|".join(LEADING_PARTICLES) + r") \Z", re.IGNORECASE
)
"""A name particle right before a surname standing alone ("de Vries", "AP RHYS"): it is
part of the name. Written in lower case, or in capitals before a surname in capitals."""
_JOINED_BEFORE = re.compile(r"([^\W\d_]+)([-'’])\Z")
_JOINED_AFTER = re.compile(r"([-'’])([^\W\d_]+)")


def _after_a_determiner(text: str, start: int) -> bool:
    """ "the van Kyle drove": a word before that makes the particle a thing."""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].lower() in vocab.ARTICLES


def _repeats(part: str, text: str, result: RecognizerResult) -> bool:
    """The joined part is the found name again: a doubled given name ("Jun-Jun",
    "Bong-Bong", common among Filipino families) is one name even when its half is a
    month or a role word on its own."""
    words = text[result.start:result.end].replace("’", "'").split("-")
    return part.lower() in (words[0].lower(), words[-1].lower())


COMPOUND_ENDINGS = frozenset({
    "owned", "led", "run", "style", "like", "based", "era", "related", "born", "type", "ish",
    "esque", "shaped", "free", "year", "years", "old", "month", "months", "week", "weeks",
    "day", "days", "ites", "ite", "ian", "ians", "ism", "ist", "ists",
})
"""After a hyphen these make a compound of a name ("Patel-owned", "Khan-led"), not a syllable."""


def _lower_syllable(text: str, result: RecognizerResult, match: re.Match[str]) -> bool:
    """A lower-case syllable after a hyphen, closing a romanised given name ("Ji-woo",
    "Xiao-long", "Seo-yeon", "Min-jun"): the syllable is short and no compound ending, and
    either the name before or the syllable itself is no English word ("Min" is one, "jun"
    is not), or both are syllables of Korean or Cantonese given names ("Min-ho", "Tai-man")."""
    syllable = match.group(2)
    words = text[result.start:result.end].split()
    last = words[-1] if words else ""
    syllables = vocab.hyphened_given_name(last, syllable)
    return (
        match.group(1) == "-" and syllable.islower() and len(syllable) <= 6
        and syllable not in COMPOUND_ENDINGS and last.isalpha() and last[:1].isupper()
        and (not vocab.is_ordinary_word(last.lower()) or syllable not in vocab.english_words() or syllables)
    )


JAPANESE_HONORIFICS = frozenset({"chan", "kun", "san", "sama", "senpai", "sensei"})
"""Suffixes hyphened to a Japanese name ("Yui-chan", "Kenji-kun"): like a title, not part
of the name, so "Yui" stays one person with its other mentions."""
_HONORIFIC_SUFFIX = re.compile(r"-(?:" + "|".join(sorted(JAPANESE_HONORIFICS)) + r")\Z", re.IGNORECASE)


def join_hyphenated_names(text: str, results: Sequence[RecognizerResult]) -> None:
    """Grow PERSON results over the rest of a hyphenated or apostrophised given name, in
    place: "Ruby-[PERSON]" was leaking "Ruby" ("Ruby-Jo Ferguson", "D'Angelo"); and over a
    surname after a particle ("Willemine ten Pas", "Sophie van der Berg")."""
    for result in results:
        if result.entity_type != pii_types.PERSON:
            continue
        honorific = _HONORIFIC_SUFFIX.search(text, result.start, result.end)
        if honorific is not None and honorific.start() > result.start:
            result.end = honorific.start()  # "Kenji-kun": the name, not the honorific
        lower = text[result.start:result.end].islower()
        while True:
            match = _JOINED_BEFORE.search(text, max(0, result.start - 30), result.start)
            if match is None or not (match.group(1)[0].isupper() or lower) or (
                match.group(1).lower() in vocab.NEVER_NAMES and not _repeats(match.group(1), text, result)
            ):
                break
            result.start = match.start()
        while True:
            match = _JOINED_AFTER.match(text, result.end)
            if match is None or match.group(2).lower() in JAPANESE_HONORIFICS or not (
                match.group(2)[0].isupper() or lower or _lower_syllable(text, result, match)
            ) or (
                match.group(2).lower() in vocab.ROLE_WORDS  # "Ellie-May" keeps "May"
                and not _repeats(match.group(2), text, result)
                and not vocab.hyphened_given_name(text[result.start:result.end].split()[-1], match.group(2))
            ):
                break
            result.end = match.end()
        match = _PARTICLE_SURNAME.match(text, result.end)
        if match is not None and match.group(0).split()[-1][:1].isupper():
            result.end = match.end()  # "Willemine ten Pas", "Pieter de Vries"
        match = _PARTICLE_BEFORE.search(text, max(0, result.start - 12), result.start)
        value = text[result.start:result.end]
        if match is not None and (match.group(1).islower() or (
            match.group(1).isupper() and value.isupper()
        )) and not _after_a_determiner(text, match.start(1)):
            result.start = match.start(1)  # "de Vries said", "AP RHYS had been drinking"
