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
    "daw", "khun", "encik", "puan",
})
"""Honorifics: the next word is a name even when lower case ("mr kowalczyk"), Burmese,
Thai and Malay ones among them ("Daw Khin May", "Khun Nok", "Encik Razak")."""

ROLE_WORDS = frozenset({
    "mum", "mums", "mother", "mam", "mammy", "mummy", "mom", "dad", "dads", "father", "daddy",
    "stepdad", "stepmum", "stepfather", "stepmother", "step-dad", "step-mum", "parent",
    "parents", "carer", "carers", "partner", "ex-partner", "boyfriend", "girlfriend",
    "husband", "wife", "ex", "baby", "babies", "infant", "toddler", "child", "children",
    "son", "daughter", "brother", "sister", "siblings", "sibling", "half-brother",
    "half-sister", "stepbrother", "stepsister", "twin", "twins", "nan", "nana", "nanny",
    "gran", "granny", "grandma", "grandmother", "grandad", "granddad", "grandfather",
    "grandparent", "grandparents", "uncle", "aunt", "auntie", "aunty", "cousin", "niece",
    "granddaughter", "granddaughters", "grandson", "grandsons", "grandchildren", "grandkids",
    "daughters", "sons", "nephew", "friend", "neighbour", "lodger", "teacher", "headteacher", "dsl", "senco",
    "worker", "social", "nurse", "midwife", "doctor", "gp", "officer", "pc", "sergeant",
    "paramedic", "health", "visitor", "keyworker", "key", "family", "relative", "guardian",
    "foster", "kinship", "pupil", "student", "youth", "referrer",
    "manager", "practitioner", "advocate", "interpreter", "head", "deputy", "lead",
    "safeguarding", "designated", "housing", "landlord", "boy", "girl", "man", "woman",
    "male", "female", "adult", "adults", "professional", "professionals", "team",
    "registrar", "consultant", "paediatrician", "psychiatrist", "psychologist", "therapist",
    "counsellor", "coordinator", "co-ordinator", "matron", "dentist", "pharmacist", "chaplain",
    "pastor", "imam", "vicar", "coach", "tutor", "mentor", "clinician",
    "fella", "bloke", "mate", "mates", "hubby", "bestie",
})
"""Family and professional roles: kept, and context for a following name ("her new fella
dean", "his mate robbo")."""

NAME_CUE_WORDS = frozenset({
    "named", "called", "aka", "nicknamed", "name", "victim", "suspect", "subject", "tenant",
    "household", "ip", "re", "patient", "about", "regarding", "concerning", "child(ren)",
    "refer", "referring", "supervise", "misper", "juvenile", "pt", "yp", "née", "nee",
})
"""Words and form labels after which the next word is a name ("a man called Dean",
"Victim: Jade", "referral about Kemi")."""

POLICE_RANKS = frozenset({"pc", "dc", "ps", "ds", "di", "dci", "sgt", "insp", "pcso"})
"""Police ranks, often followed by a collar number and then a surname ("PC 3597 Bird")."""

FORM_WORDS = frozenset({
    "tel", "ref", "juvenile", "attendance", "probation", "options", "act", "occurrence",
    "subject", "victim", "suspect", "circs", "re", "dob", "address", "email", "household",
    "tenant", "contact", "borough", "council", "calpol", "paracetamol", "ibuprofen", "veh",
    "cad", "ppn", "occ", "loc", "dash", "location", "date", "time", "date/time", "ip", "mob",
    "regards", "thanks", "dear", "sincerely", "submitted", "signed", "outcome", "action",
    "summary", "concern", "concerns", "referral", "notification", "incident", "details",
    "minor", "officers", "officer", "yp", "la", "unborn", "previous", "consent", "report",
    "caller", "pt", "intel", "ambulance", "misper", "informant", "reporter", "witness",
})
"""Labels and words of referral forms that spaCy sometimes tags as a person."""
FORM_ACRONYMS = frozenset({"nino"})
"""Form labels that are a given name in title case: "NINO" (National Insurance number)
is a label, "Nino" a Georgian given name."""

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
# "Sun" (a common Chinese surname) and "Thu" (a common Vietnamese given name) are left out
# of the weekday abbreviations: they are in COMMON_WORD_NAMES instead, a name only with
# evidence ("Mr Sun", "Hong Sun", "Nguyen Thi Thu", "given name Thu"); the name guard's
# day rule still keeps "Thu 14:10" and "Thu evening".
WEEKDAYS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "tues", "wed", "thur", "thurs", "fri", "sat", "weekend", "weekday",
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
    "aa", "gbh", "abh", "cid", "dci", "rtc", "cps", "eta", "sgt", "b&b", "ehc",
    "lcs", "cr", "rx", "plo", "oic", "rse", "pshe", "rsl", "ha", "mr", "mrs", "ms", "dr", "ot", "salt", "hr", "ceo", "ict",
    "ks1", "ks2", "ks3", "ks4", "y1", "y2", "y3", "y4", "y5", "y6", "y7", "y8", "y9", "y10",
    "y11", "ct", "mri", "ane", "ooh", "dna", "wnb", "ppe", "psa", "po",
    "qa", "tbc", "tbd", "asap", "fyi", "nb", "ps", "eg", "ie", "etc", "vs", "ref", "att",
})
"""Abbreviations in referrals that are not a person's initials ("DV", "CP", "EHCP")."""

SURNAME_ROLE_WORDS = frozenset({"foster", "ward", "nurse", "carer", "young", "head"})
"""Role words that are also surnames: a surname when capitalised right after a capitalised
first name or a title ("Alison FOSTER", "Neil Foster", "Ms Foster"), else a role."""

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
    # word names common in Nigerian, Ghanaian and Caribbean families
    "wisdom", "justice", "innocent", "goodness", "gift", "comfort", "peace", "testimony",
    "prince", "honour", "treasure", "victory",
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
    "ly", "ng", "amal", "hala", "aid", "sana", "hani", "sagal", "farah", "thu", "sue",
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


@lru_cache(maxsize=1)
def word_surnames() -> frozenset[str]:
    """Hand-curated surnames that are also English words and no first name ("little",
    "bond", "heath"): names only with evidence, never alone in lower case."""
    curated = _read_names("surnames.txt", True) - first_names() - RARELY_WORDS
    return frozenset(w for w in curated if is_ordinary_word(w))


RARELY_WORDS = frozenset({
    "khan", "shah", "sheikh", "raja", "butt", "smith", "turner", "lynch", "hicks", "cox",
    "parry", "sims", "storey", "parsons",
})
"""Surnames in the dictionary that are seldom written as words in a referral."""


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Ordinary lower-case English words (``data/english_words.txt``, from SCOWL).

    A word missing from it is *unknown*: in a name's position (after a role word,
    before "said"), an unknown word is taken as a name, which is how names from no
    list are caught ("mum yvonne", "gifty denies").
    """
    return _read_names("english_words.txt")


@lru_cache(maxsize=65536)
def is_ordinary_word(word: str) -> bool:
    """True when ``word`` (lower case) is English or a slip of the keys away from it.

    Referrals carry typing slips (doubled, dropped and swapped letters); "todday" and
    "rfeerring" must not pass for unknown words, so one slip away from a dictionary
    word counts as that word. Dropped letters are undone in words of any length: a short
    name ("tou", "kez") then reads as a word, but letting three-letter tokens through
    as unknown took typing slips and labels ("sid" for said, "Ext") as names
    (2026-12-02: +4 names and +13 wrong replacements on the tuning sets).
    """
    words = english_words()
    if word in words:
        return True
    length = len(word)
    if length < 3:
        return False
    # Slips keep the first and last letters (so "dede" is not a slip for "deed").
    for i in range(2, length - 1):
        if word[i] == word[i - 1] and word[:i] + word[i + 1:] in words:
            return True  # doubled letter
        swapped = word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]
        if swapped in words:
            return True  # swapped letters
    for i in range(1, length):
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if word[:i] + letter + word[i:] in words:
                return True  # dropped letter
    return False


SIGN_OFF_WORDS = frozenset({
    "regards", "thanks", "wishes", "sincerely", "faithfully", "truly", "cheers", "best",
})
"""Closing words of a letter; the name after "Kind regards," is the writer's."""

NAME_ROLE_WORDS = frozenset({"nana", "nan", "son"})
WEEKDAY_NAMES = frozenset({"sunday", "monday"})
"""Weekdays that are also given names (common in Nigerian families): a name before a
surname, after "SURNAME,", after a role ("the child Sunday") or as the subject of a
verb ("Sunday is scapegoated"); never where it reads as a day ("on Sunday", "Sunday
morning", "Sunday 12 May", "Sunday was a good day")."""
CALENDAR_NAMES = WEEKDAY_NAMES | {"april", "june", "may", "august", "jun"}
CALENDAR_WORDS = WEEKDAYS | MONTHS
"""Month and day words that are also first names: a name before a surname ("June
Brown", "Sunday Ogunleye")."""

KOREAN_SYLLABLES = frozenset({
    "a", "ae", "bin", "bo", "bok", "chae", "chan", "cheol", "chul", "da", "dae", "do",
    "dong", "eun", "eon", "gang", "geon", "gi", "gil", "gu", "gyeong", "gyu", "ha", "hae",
    "han", "hee", "ho", "hoon", "hun", "hwa", "hwan", "hye", "hyeok", "hyeon", "hyo",
    "hyuk", "hyun", "in", "ja", "jae", "jeong", "ji", "jin", "jo", "jong", "joo", "joon",
    "ju", "jun", "jung", "ka", "kang", "ki", "kwang", "kyung", "mi", "min", "mo", "myung",
    "na", "nam", "ra", "ri", "rin", "ryeong", "sa", "sang", "se", "seo", "seok", "seon",
    "seong", "seung", "shin", "si", "so", "sol", "soo", "sook", "su", "sun", "sung", "tae",
    "won", "woo", "woong", "ye", "yeon", "yeong", "yoon", "young", "yu", "yun",
})
"""Syllables of romanised Korean given names."""
CANTONESE_SYLLABLES = frozenset({
    "chi", "chun", "chung", "fai", "fung", "hei", "hin", "ho", "hoi", "hong", "hung", "ka", "kai",
    "keung", "kin", "kit", "kong", "kwan", "kwok", "lam", "lap", "lok", "lun", "man", "ming",
    "mei", "ngai", "pui", "sai", "san", "shing", "shun", "sin", "siu", "suk", "tai", "tak",
    "tin", "ting", "tung", "wah", "wai", "wing", "yan", "yee", "yin", "ying", "yiu", "yuen", "yuk",
})
"""Syllables of Cantonese given names as Hong Kong spells them ("Tai-man", "Chi-keung")."""


PATRONYMIC_ENDINGS = ("ovich", "evich", "ovych", "ovna", "evna", "ivna", "uly", "kyzy", "qizi",
                      "ogly", "oglu")
"""Endings of patronymics in Russian, Ukrainian, Kazakh, Kyrgyz, Uzbek and Azerbaijani
names ("Rustamovich", "Akhmedovna", "Nurlanuly", "Bolatkyzy", "Aliyevna")."""
PATRONYMIC_MIN_LENGTH = 7


def is_patronymic(word: str) -> bool:
    """A patronymic by its ending: a father's name with a suffix, never an English word
    ("unruly" is a word, "Serikuly" a patronymic)."""
    lower = word.lower()
    return (len(lower) >= PATRONYMIC_MIN_LENGTH and lower.isalpha() and lower.endswith(PATRONYMIC_ENDINGS)
            and lower not in english_words())


def hyphened_given_name(first: str, second: str) -> bool:
    """Two syllables of one language's given names joined by a hyphen make a given name
    ("Min-ho", "Ha-eun", "Tai-man", "Chi-keung"), even where each alone is an English word,
    unless the syllable is doubled, which is a word ("Ha-ha", "So-so")."""
    first, second = first.lower(), second.lower()
    return first != second and any(
        first in syllables and second in syllables for syllables in (KOREAN_SYLLABLES, CANTONESE_SYLLABLES)
    )


DAY_BEFORE = frozenset({
    "on", "every", "last", "next", "this", "by", "until", "since", "from", "till", "each",
    "following", "before", "after", "over", "the", "a", "that", "of", "to", "and", "or",
})
"""Before a weekday these make it the day ("on Sunday", "Monday to Friday")."""
DAY_AFTER = frozenset({
    "morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "night",
    "nights", "lunchtime", "school", "club", "service", "church", "dinner", "lunch", "to",
    "and", "or", "until", "till", "eve", "teatime", "tea", "am", "pm",
})
"""After a weekday these make it the day ("Sunday morning", "Sunday school")."""
CONTRACTIONS_WITHOUT_APOSTROPHE = frozenset({
    "doesnt", "dont", "didnt", "isnt", "wasnt", "couldnt", "wouldnt", "shouldnt", "havent",
    "hasnt", "hadnt", "arent", "werent", "aint", "theyre", "youre",
})
"""Contractions typed without their apostrophe ("SHE DOESNT MEET THRESHOLD", "my mum dont")."""
TEXT_SPEAK = CONTRACTIONS_WITHOUT_APOSTROPHE | frozenset({
    "ngl", "idk", "tbh", "thx", "tmrw", "tmr", "omg", "smh", "wtf", "lmao", "lol", "defo",
    "obvs", "probs", "nvm", "hmu", "wyd", "innit", "wont", "cant", "hes", "shes", "im", "ive",
    "ill", "ur", "pls", "plz", "rly", "tho", "thru", "cos", "coz", "cuz", "bc", "yh", "ye",
    "nah", "ok", "wiv", "skool", "bf", "gf", "bae", "bro", "sis", "fam", "rn", "fr", "atm",
    "btw",
}) | frozenset({
    # dialect and slang of the North, Scotland and Northern Ireland that no dictionary holds
    "nowt", "nowts", "owt", "summat", "bairn", "bairns", "oot", "hinny", "naebody", "nae",
    "dinnae", "cannae", "wasnae", "isnae", "didnae", "wouldnae", "couldnae", "havnae", "gannin",
    "divvent", "howay", "youse", "yous", "knackered", "gutted", "skint", "minging", "mingin",
    "mardy", "nesh", "ginnel", "wor", "mam's", "mams",
})
"""Words of people typing on a phone that no dictionary holds: never an unknown word that
could be a name ("my mum ngl is fine", "my brother tbh hates it", "its nowt", "the bairn")."""
SPEECH_VERBS = frozenset({
    "said", "says", "told", "tells", "disclosed", "denied", "denies", "cried", "admitted",
    "asked", "explained", "shouted", "replied", "texted", "messaged",
})
"""What only people do with words: after a word that can be a name or a thing (a month, a
car make, an app) they make it someone ("April said", "Porsche told me"). The guard's
and the month rule's lists add their own verbs to these."""
WEEKDAY_NAME_VERBS = frozenset({
    "said", "says", "told", "tells", "seemed", "seems", "disclosed", "discloses", "denies",
    "denied", "reported", "reports", "cried", "cries", "attends", "attended", "lives",
    "wants", "wanted", "refused", "refuses", "appeared", "appears", "presented", "presents",
})
"""Kinship words that are also first names ("Nana Agyeman", "Son Vu"): a name when
capitalised mid-sentence and not after a determiner ("her Nana" stays), or before a
surname."""

KEPT_ACRONYMS = frozenset({"nhs", "gp", "dsl", "pc", "dc", "camhs", "senco", "mr", "ms", "dr"})
"""Acronyms the classifiers need, never taken as someone's initials."""
INITIALS_LIKE_ACRONYMS = (KEPT_ACRONYMS | {"re", "eh", "ae", "ss"}) - {"pc", "dc"}
"""Kept abbreviations that are also someone's initials when they act as a subject ("MS
reports low mood", "EH, who is open"); "PC" and "DC" stay police ranks."""

BEFORE_A_COMMON_WORD = frozenset({
    "a", "an", "the", "to", "will", "would", "shall", "should", "could", "can", "may", "might",
    "must", "this", "that", "these", "those", "his", "her", "their", "my", "your", "our", "its",
    "of", "for", "in", "on", "at", "by", "some", "any", "no", "every", "each", "all", "last",
    "next", "over", "during", "since", "until", "till", "through", "whole", "early", "late",
    "very", "so", "too", "more", "most", "less",
})
"""After these, an everyday word that is also a name is the word ("the summer", "a mark")."""

STOP_WORD_NAMES = frozenset({"will"})
"""Stop words that are also common first names: a name only as a subject ("Will was")."""

DETERMINERS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "his", "her", "their", "my", "your",
    "our", "its", "some", "any", "no", "every", "each",
})
"""Before a first name and surname pair, only these make words of them ("the rose garden")."""

SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "they", "we", "you", "it"})
"""Before a lower-case "said" or "told", these make it the verb ("she said poppy is")."""

TOPIC_WORDS = frozenset({"about", "regarding", "concerning", "re"})
"""Cues that may introduce a topic as well as a person ("asking about antenatal classes")."""

SUBJECT_ACRONYMS = frozenset({
    "ip", "yp", "dv", "da", "nrm", "fgm", "edd", "aa", "cse", "cce", "asb", "hsb", "ypo",
    "gbh", "abh", "rtc", "nfa", "ooh", "ane", "pt", "uasc", "sgo", "lac", "cla", "cin",
    "ta", "hv", "sw", "mh", "od", "sh", "sg", "po", "ws", "ya", "ch",
})
"""Acronyms that stand as a subject in referrals ("IP does not answer", "DV was disclosed");
never read as someone's initials without a matching name in the document."""
ROLE_ACRONYMS = frozenset({"ip", "sw", "hv", "yp", "ta", "cp", "iro", "ow"})
"""Acronyms of a role in the case ("IP" injured party, "SW", "HV", "YP"): never someone's
initials, even with a matching name in the document, since the person the record names
may hold the role ("IP Ioana Popescu ... IP states" stays the role the classifier reads)."""

NOUN_NAMES = frozenset({
    "gift", "comfort", "patience", "peace", "mercy", "charity", "justice", "wisdom",
    "goodness", "testimony", "honour", "victory", "chance", "treasure", "favour",
})
"""Given names that are mostly abstract nouns: opening a sentence before a passive or
another noun they are the thing ("Comfort was offered", "Gift vouchers"), not a person."""

KIN_WORDS = frozenset({
    "mum", "mother", "dad", "father", "baby", "brother", "sister", "son", "daughter",
    "granddaughter", "granddaughters", "grandson", "grandsons", "grandchildren", "grandkids",
    "niece", "nephew", "daughters", "sons",
    "partner", "ex-partner", "stepdad", "stepmum", "nan", "nana", "gran", "uncle", "aunt",
    "auntie", "cousin", "boyfriend", "girlfriend", "sibling", "child", "twin",
    "fella", "ex", "hubby", "grandad", "granddad", "grandma", "grandpa", "granny", "grandmother",
    "grandfather", "stepbrother", "stepsister", "half-brother", "half-sister", "stepson",
    "stepdaughter",
})
"""Family words that are followed by a first name in any case ("mum dalia", "baby billy",
"my ex jonathan")."""

ABSTRACT_NAMES = NOUN_NAMES | {"faith", "hope", "grace", "joy", "harmony", "destiny"}
"""Given names that read as abstract nouns before "is a" ("faith is a big part of")."""

CLAUSE_VERBS = frozenset({
    "that", "suggest", "suggests", "think", "thinks", "believe", "believes", "know", "knows",
    "feel", "feels", "understand", "notice", "noticed", "show", "shows", "reported", "states",
    "says", "said", "reports", "worried", "concerned",
})
"""Words that open a clause: after them a lower-case name can be a subject ("nothing
to suggest precious is being belittled")."""

PAST_FORMS = frozenset({
    "brought", "found", "seen", "taken", "given", "made", "put", "thought", "heard", "fell",
    "hurt", "ate", "drank", "bit", "broke", "wrote", "sat", "stood", "woke", "knew", "saw",
    "gave", "kept", "sold", "bought", "met", "lied", "threw", "hid", "swore", "ran", "spent",
    "drew", "rang", "sang", "shook", "told", "said", "sad", "sid", "held", "lost",
})
"""Irregular past forms: after an everyday-word name opening a sentence they show a person
("Jade brought in with injury")."""

PERSON_OBJECT_WORDS = frozenset({
    "with", "by", "ignores", "ignored", "hits", "hit", "slapped", "punched", "kicked",
    "pushed", "grabbed", "told", "tells", "get", "gets", "favours", "favoured", "blames",
    "blamed", "threatened", "threatens", "between", "against", "towards", "toward",
    "supervise", "collect", "collected", "about", "minding", "mind", "minds", "bathe", "feed", "feeds", "fed", "put", "puts",
    "calls", "called", "accompanied", "shouting", "shouted", "swearing", "smacked",
    "smacks", "assaulted", "locked", "leaves", "leaving",
})
"""Words after which a capitalised unknown word is a person being acted on ("ignores
Rahaf", "a fight with Sharmarke"), rather than a place ("in Galeston", "to Westmere")."""
BEFORE_A_LOWER_NAME = PERSON_OBJECT_WORDS | {"takes", "take", "after"}
"""Before a curated first name in lower case, these make it the person acted on
("contact with filip", "takes marie to nursery")."""
BEFORE_A_NAMED_DAY = PERSON_OBJECT_WORDS | {"to", "about"}
"""Before a weekday name closing a phrase ("spoke to Sunday;"), these make it a person."""
SEASON_LEADS = frozenset({"last", "next"})
"""Before a word these make a time of it ("last summer", "next june"), not a name."""
PAIR_DETERMINERS = DETERMINERS - {"that"} | SEASON_LEADS
"""Before a first name and surname pair these make words of them ("last summer shaz has");
"that" introduces a clause as often ("concerned that rose booth has")."""
NAMED_MONTH_ABBREVIATIONS = frozenset({"jun"})
"""Month abbreviations that are also common given names (Chinese "Jun")."""

ARTICLES = frozenset({"a", "an", "the", "his", "her", "their", "my", "your", "our", "its"})
"""Articles and possessives: after them a capitalised word is a thing ("the Council has")."""
