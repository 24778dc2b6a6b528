"""Word lists the recognizers share: what must survive redaction and what signals a name.

Role words, public bodies, months, weekdays and times carry the signal the classifiers
need ("mum", "stepdad", "CAMHS", "Friday night"), so they are never redacted. Titles
and role words are also the context that turns a following word into a person's name
("mum Shazia", "mr kowalczyk"). The name lists live in ``data/`` as plain text so they
can be reviewed and extended without touching code.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "master", "mr.", "mrs.", "ms.", "dr.", "mstr",
})
"""Honorifics: the next word is a name even when lower case ("mr kowalczyk")."""

ROLE_WORDS = frozenset({
    "mum", "mums", "mother", "mam", "mammy", "mummy", "mom", "dad", "dads", "father", "daddy",
    "stepdad", "stepmum", "stepfather", "stepmother", "step-dad", "step-mum", "parent",
    "parents", "carer", "carers", "partner", "ex-partner", "boyfriend", "girlfriend",
    "husband", "wife", "ex", "baby", "babies", "infant", "toddler", "child", "children",
    "son", "daughter", "brother", "sister", "siblings", "sibling", "half-brother",
    "half-sister", "stepbrother", "stepsister", "twin", "twins", "nan", "nana", "nanny",
    "gran", "granny", "grandma", "grandmother", "grandad", "granddad", "grandfather",
    "grandparent", "grandparents", "uncle", "aunt", "auntie", "aunty", "cousin", "niece",
    "nephew", "friend", "neighbour", "lodger", "teacher", "headteacher", "dsl", "senco",
    "worker", "social", "nurse", "midwife", "doctor", "gp", "officer", "pc", "sergeant",
    "paramedic", "health", "visitor", "keyworker", "key", "family", "relative", "guardian",
    "foster", "kinship", "pupil", "student", "youth", "referrer",
    "manager", "practitioner", "advocate", "interpreter", "head", "deputy", "lead",
    "safeguarding", "designated", "housing", "landlord", "boy", "girl", "man", "woman",
    "male", "female", "adult", "adults", "professional", "professionals", "team",
})
"""Family and professional roles: kept, and context for a following name."""

NAME_CUE_WORDS = frozenset({
    "named", "called", "aka", "nicknamed", "name", "victim", "suspect", "subject", "tenant",
    "household", "ip", "re", "patient", "about", "regarding", "concerning", "child(ren)",
})
"""Words and form labels after which the next word is a name ("a man called Dean",
"Victim: Jade", "referral about Kemi")."""

POLICE_RANKS = frozenset({"pc", "dc", "ps", "ds", "di", "dci", "sgt", "insp", "pcso"})
"""Police ranks, often followed by a collar number and then a surname ("PC 3597 Bird")."""

FORM_WORDS = frozenset({
    "tel", "ref", "juvenile", "attendance", "probation", "options", "act", "occurrence",
    "subject", "victim", "suspect", "circs", "re", "dob", "address", "email", "household",
    "tenant", "contact", "borough", "council", "calpol", "paracetamol", "ibuprofen", "veh",
    "nino", "cad", "ppn", "dash", "location", "date", "time", "date/time", "ip", "mob",
    "regards", "thanks", "dear", "sincerely", "submitted", "signed", "outcome", "action",
    "summary", "concern", "concerns", "referral", "notification", "incident", "details",
    "minor", "officers", "officer", "yp", "la", "unborn", "previous", "consent", "report",
    "caller", "pt", "intel", "ambulance", "misper", "informant", "reporter", "witness",
})
"""Labels and words of referral forms that spaCy sometimes tags as a person."""

PUBLIC_BODIES = frozenset({
    "nhs", "camhs", "ofsted", "police", "mash", "cafcass", "nspcc", "childline", "dwp",
    "hmrc", "a&e", "ae", "cid", "pcso", "ypo", "yot", "sen", "send", "ehcp", "ehc", "cin",
    "cp", "lac", "cla", "sgo", "iro", "lado", "marac", "mappa", "idva", "fgm", "cse", "cce",
    "dsl", "senco", "gp", "hv", "ss", "csc", "hospital", "council", "barnardo's",
    "barnardos", "women's", "aid", "refuge", "samaritans", "salvation", "army", "mind",
    "home", "office", "court", "school", "nursery", "academy", "college", "university",
    "surgery", "practice", "trust", "service", "services", "unit", "department",
    "clinic", "centre", "center", "team", "hub", "early", "help", "universal", "tier",
})
"""Public bodies and services (lower case): never redacted on their own."""

MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
})
WEEKDAYS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "weekend", "weekday",
})
TIME_WORDS = frozenset({
    "today", "yesterday", "tomorrow", "tonight", "night", "morning", "afternoon", "evening",
    "last", "week", "weeks", "month", "months", "year", "years", "midnight", "midday",
    "noon", "christmas", "easter", "half-term", "term", "holidays",
})

ACRONYMS = frozenset({
    "dv", "da", "cp", "cin", "cpp", "gp", "hv", "sw", "yp", "eh", "ae", "pe", "re", "it", "tv",
    "uk", "ok", "id", "mp", "pc", "dc", "ds", "di", "ip", "ni", "ed", "edd", "adhd",
    "asd", "sen", "send", "ehcp", "dsl", "nhs", "camhs", "mash", "ppn", "cad", "dash", "dob",
    "nfa", "asb", "cse", "cce", "fgm", "lac", "cla", "sgo", "iro", "lado", "pcso", "yot", "icu",
    "gcse", "sats", "pta", "ta", "ht", "dht", "slt", "dwp", "uc", "pip", "esa", "jsa", "hmrc",
    "bbc", "cctv", "sms", "dm", "iq", "eha", "taf", "tac", "caf", "marac", "mappa", "idva",
    "isva", "hsb", "csa", "nrm", "uasc", "esol", "eal", "fsm", "pru", "ap", "pep", "pa", "cgl",
    "aa", "gbh", "abh", "cid", "dci", "rtc", "cps", "nok", "eta", "sgt", "b&b", "ehc",
    "lcs", "cr", "rx", "plo", "oic", "rse", "pshe", "rsl", "ha", "mr", "mrs", "ms", "dr", "ot", "salt", "hr", "ceo", "ict",
    "ks1", "ks2", "ks3", "ks4", "y1", "y2", "y3", "y4", "y5", "y6", "y7", "y8", "y9", "y10",
    "y11", "ct", "mri", "ane", "ooh", "dna", "wnb", "ppe", "psa", "po",
    "qa", "tbc", "tbd", "asap", "fyi", "nb", "ps", "eg", "ie", "etc", "vs", "ref", "att",
})
"""Abbreviations in referrals that are not a person's initials ("DV", "CP", "EHCP")."""

NEVER_NAMES = (
    ROLE_WORDS | TITLES | PUBLIC_BODIES | MONTHS | WEEKDAYS | TIME_WORDS | FORM_WORDS | ACRONYMS
)
"""Lower-case words no recognizer may report as a person, alone or as a name's edge."""

VIRTUE_NAMES = frozenset({
    "hope", "grace", "faith", "joy", "rose", "ruby", "amber", "summer", "holly", "ivy",
    "daisy", "jade", "dawn", "skye", "sky", "honey", "precious", "blessing", "destiny",
    "favour", "patience", "mercy", "charity", "crystal", "willow", "poppy", "lily", "jasmine",
    "autumn", "storm", "river", "sunny", "rocky", "chance", "miracle", "princess", "star",
    "bella", "ebony", "misty", "diamond", "angel", "heaven", "harmony", "melody", "hunter",
    "mason", "cooper", "taylor", "parker",
})
"""Names that are also English nouns: a name after a role word or when capitalised
mid-sentence, but not at the start of a sentence without other evidence."""

COMMON_WORD_NAMES = frozenset({
    "will", "may", "mark", "bill", "said", "long", "young", "king", "wood", "hill", "hall",
    "green", "brown", "white", "black", "grey", "gray", "bell", "cook", "baker", "walker",
    "price", "shaw", "hunt", "mills", "webb", "hart", "watts", "lee", "le", "do", "ho", "he",
    "ma", "an", "van", "sun", "grant", "reid", "blake", "pop", "ion", "cash", "stokes",
    "cowboy", "pecker", "frank", "jack", "max", "ray", "pat", "nur", "jo", "gill", "dean",
    "lane", "major", "dolly", "sonny", "jay", "nova", "eve", "cole", "ward", "abbas",
    "bains", "hu", "wu", "xu", "yu", "li", "na", "lin", "lam", "tam", "mai", "nam", "vo",
    "ly", "ng", "amal", "hala", "aid", "sana", "hani", "sagal", "farah",
})
"""Names that are also everyday words or short enough to collide with them: taken
capitalised mid-sentence, but at the start of a sentence, or in lower case, only with
evidence (a title, a role word or a neighbouring name)."""


STREET_TYPES = (
    "Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Close", "Cl", "Drive", "Dr",
    "Court", "Ct", "Crescent", "Cres", "Grove", "Gr", "Way", "Place", "Pl", "Gardens", "Gdns",
    "Terrace", "Tce", "Walk", "Hill", "Park", "Rise", "View", "Mews", "Square", "Sq", "Row",
    "Green", "Parade", "Vale", "Yard", "Wharf", "Fold", "Croft", "Chase", "Meadow", "Meadows",
    "Brow", "Bank", "Heights", "Estate", "Boulevard", "Approach", "Crest", "Garth", "Gate",
    "Wynd", "Villas", "Cottages", "End",
)
"""Street-type suffixes that end a street address ("14 Elm Road", "Flat 2, 9 Mill Lane")."""


EXTRA_NAMES_MARKER = "# ---"
"""Separates the hand-curated names (strong evidence) from the larger compiled lists."""


def _read_names(filename: str, curated_only: bool = False) -> frozenset[str]:
    text = resources.files("referrals.redaction").joinpath("data", filename).read_text("utf-8")
    names: set[str] = set()
    for line in text.splitlines():
        if line.startswith(EXTRA_NAMES_MARKER) and curated_only:
            break
        if line.startswith("#"):
            continue
        names.update(word.strip().lower() for word in line.split() if word.strip())
    if not names:
        raise FileNotFoundError(f"name list {filename} is empty")
    return frozenset(names)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Lower-case first names from many origins (``data/first_names.txt``)."""
    return _read_names("first_names.txt")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Lower-case surnames from many origins (``data/surnames.txt``)."""
    return _read_names("surnames.txt")


@lru_cache(maxsize=1)
def all_names() -> frozenset[str]:
    """First names and surnames together, minus words that must never be redacted."""
    return (first_names() | surnames() | VIRTUE_NAMES) - NEVER_NAMES


@lru_cache(maxsize=1)
def curated_names() -> frozenset[str]:
    """The hand-curated names only: trusted even in lower case, where the large compiled
    lists would catch English words ("job", "harm")."""
    both = _read_names("first_names.txt", True) | _read_names("surnames.txt", True)
    return (both | VIRTUE_NAMES) - NEVER_NAMES
