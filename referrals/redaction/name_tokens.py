"""Token tests the name recognizers share: initials, sentence starts, days, organisations.

Small predicates over a spaCy ``Doc`` and an index, kept apart from the recognizers so
that the seed rules, the growing of names and propagation all read a token the same way.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from referrals.redaction import vocabulary as vocab

SUBJECT_VERBS = frozenset({
    "has", "had", "was", "says", "said", "does", "did", "told", "went", "gets", "got",
    "lives", "attends", "recognises", "stopped", "came", "'s", "’s", "and",
    "denies", "denied", "reports", "reported", "disclosed", "discloses", "seemed", "seems",
    "forgot", "lost", "keeps", "kept", "presents", "presented", "works", "worked",
    "collapsed", "took", "takes", "wanted", "wants", "booked", "threatens", "threatened",
    "sent", "sends", "agreed", "agrees", "smelt", "smells", "worries", "helps", "helped",
    "would", "could", "can", "cannot", "will", "should", "may", "might", "must",
    "is", "isn't", "wasn't", "doesn't", "didn't", "hasn't", "hadn't", "won't", "can't",
    "appears", "appeared", "looks", "looked", "feels", "felt", "tells", "explained",
    "explains", "shouted", "hits", "hit", "left", "leaves", "arrived", "returned",
    "missed", "refused", "refuses", "admitted", "admits", "stated", "states", "asked",
    "asks", "needs", "needed", "became", "becomes", "ran", "runs", "goes", "comes",
    "sleeps", "slept", "cries", "cried", "started", "starts", "continues", "continued",
    "spoke", "speaks", "shared", "mentioned", "confirmed", "confirms", "described",
    "describes", "attended", "visited", "moved", "received", "remains", "remained",
    "wears", "sits", "plays", "hides", "eats", "babysits",
})
"""After these, an everyday-word name opening a sentence is a person ("Summer has")."""

SENTENCE_END = frozenset({".", "!", "?", "\n", ";", '"', "“", "”", "-", "–", "—", "•", "*"})


NAME_PARTICLE_WORDS = frozenset({
    "van", "von", "der", "den", "de", "da", "di", "do", "dos", "das", "del", "della", "la", "le",
    "ten", "ter", "bin", "binti", "ibn", "al", "el", "y", "e", "mac", "ap",
})
"""Lower-case words inside a person's name ("Willemine ten Pas", "Maria de la Cruz")."""


def is_initial(token: Token, lower_doc: bool = False) -> bool:
    text = token.text
    return (len(text) == 1 and text.isupper() and text not in "IA") or (
        len(text) == 2 and (text[0].isupper() or lower_doc) and text[0].isalpha()
        and text[1] == "."
    )


def is_lower_initial(token: Token) -> bool:
    """ "j." or "r" in a lower-case document ("j. green", "r bell"); never "a" or "i"."""
    text = token.text
    return (len(text) == 1 and text.isalpha() and text not in "aiAI") or (
        len(text) == 2 and text[0].isalpha() and text[1] == "."
    )


def tail_of_a_split_word(doc: Doc, i: int) -> bool:
    """Token ``i`` is glued to letters before it: spaCy split one written word ("i|m",
    "is|nt", "can|not"), so it is no word of its own to name anyone."""
    return i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].is_alpha


def name_word(token: Token) -> str:
    return token.lower_.strip("'’").removesuffix("'s").removesuffix("’s")


def is_name_shaped(token: Token) -> bool:
    text = token.text
    return any(c.isalpha() for c in text) and all(c.isalpha() or c in "'’-." for c in text)


def sentence_start(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].is_space:
        if "\n" in doc[j].text:
            return True
        j -= 1
    if j < 0:
        return True
    previous = doc[j].text
    return previous in SENTENCE_END or previous[-1] in ".!?" or "\n" in doc[j].whitespace_


def reads_as_day(doc: Doc, i: int) -> bool:
    """A weekday that is a day: "on Sunday", "Sunday morning", "Sunday 12 May"."""
    if i > 0 and doc[i - 1].lower_ in vocab.DAY_BEFORE:
        return True
    if i + 1 < len(doc):
        following = doc[i + 1]
        if following.lower_ in ("and", "or"):
            return day_after_a_join(doc, i + 2)  # "Sunday and Monday", not "Thu and the man"
        if following.lower_ in vocab.DAY_AFTER or following.like_num or (
            following.lower_ in vocab.CALENDAR_WORDS
        ):
            return True
        if following.text == "," and i + 2 < len(doc) and doc[i + 2].like_num:
            return True
    return False


def day_after_a_join(doc: Doc, i: int) -> bool:
    """After "and" or "or", another day, time or number: the first word was a day too."""
    return i < len(doc) and (
        doc[i].lower_ in vocab.CALENDAR_WORDS or doc[i].lower_ in vocab.TIME_WORDS or doc[i].like_num
    )


MONTH_BEFORE = vocab.DAY_BEFORE | frozenset({
    "in", "early", "late", "mid", "end", "during", "between", "through", "throughout", "since",
})
"""Before a month these make it the month ("in April", "since May", "late June")."""


def reads_as_month(doc: Doc, i: int) -> bool:
    """A month that is a date: "in April", "April 2024", "3 April", "April-May"."""
    if i > 0 and (doc[i - 1].lower_ in MONTH_BEFORE or doc[i - 1].like_num):
        return True
    if i + 1 < len(doc):
        following = doc[i + 1]
        if following.like_num or following.text in ("-", "–", "/") or (
            following.lower_ in vocab.CALENDAR_WORDS or following.lower_ in vocab.DAY_AFTER
        ):
            return True
    return False


ORGANISATION_WORDS = vocab.PUBLIC_BODIES | {
    "primary", "secondary", "playgroup", "pre-school", "preschool", "childcare", "infants",
    "juniors", "pre", "montessori", "kindergarten", "creche", "church", "mosque", "club",
}


def starts_organisation(doc: Doc, i: int) -> bool:
    """The capitalised run from ``i`` names a school, nursery or service ("Little Stars
    Playgroup", "Whitehall Primary School"): a job for the suffix recognizers."""
    j = i + 1
    while j < len(doc) and j <= i + 4 and doc[j].text[:1].isupper():
        if doc[j].lower_ in ORGANISATION_WORDS:
            return True
        j += 1
    return False


def noun_use(doc: Doc, i: int) -> bool:
    """ "Comfort was offered", "Patience is needed", "Gift vouchers": a noun-like given
    name opening a sentence (or after an article) used as the thing it names."""
    token = doc[i]
    if name_word(token) not in vocab.NOUN_NAMES or i + 1 >= len(doc):
        return False
    if not (sentence_start(doc, i) or doc[i - 1].lower_ in vocab.ARTICLES):
        return False
    following = doc[i + 1]
    if following.lower_ in ("is", "was", "were", "are") and i + 2 < len(doc):
        after = doc[i + 2].lower_
        return after.endswith("ed") or after in vocab.PAST_FORMS or after == "given"
    return following.is_alpha and following.is_lower and (
        following.lower_ not in SUBJECT_VERBS
        and not following.lower_.endswith("ed") and following.lower_ not in vocab.PAST_FORMS
    )


VERB_NAMES = frozenset({"hope", "will", "may", "trust"})
"""Given names that open a sentence as a verb or a noun as often as a name: "Hope this
helps", "Will you call", "May I ask", "Hope is that things improve"."""
VERB_NAME_OBJECTS = frozenset({
    "this", "that", "you", "it", "all", "everything", "everyone", "to", "so", "we", "they",
    "i", "your", "the", "he", "she",
})
"""Words that make a sentence-opening verb-like name the verb ("Hope you are well")."""


def verb_use(doc: Doc, i: int) -> bool:
    """ "Hope this helps", "Will you ring me", "Hope is that things improve": a verb-like
    given name opening a sentence before an object or "is that", used as the word."""
    token = doc[i]
    if name_word(token) not in VERB_NAMES or i + 1 >= len(doc) or not sentence_start(doc, i):
        return False
    following = doc[i + 1].lower_
    if following in ("is", "was") and i + 2 < len(doc):
        return doc[i + 2].lower_ == "that"
    return following in VERB_NAME_OBJECTS


def role_word_as_surname(token: Token) -> bool:
    """ "Foster" or "FOSTER" right after a capitalised first name, a title, or a title and
    an initial ("Mr D. Foster")."""
    doc, i = token.doc, token.i
    if name_word(token) not in vocab.SURNAME_ROLE_WORDS or not token.text[:1].isupper() or i == 0:
        return False
    before = doc[i - 1]
    if not before.whitespace_ or not before.text[:1].isupper():
        return False
    if is_initial(before) and i >= 2 and name_word(doc[i - 2]) in vocab.TITLES:
        return True  # "Mr D. Foster"
    word = name_word(before)
    return word in vocab.TITLES or (
        word in vocab.first_names() and word not in vocab.NEVER_NAMES
    )
