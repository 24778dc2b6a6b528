"""Rules for the shapes of real writing (issue 11), one table per rule.

Each row is text, the PERSON result a recognizer might return and the name of the guard
rule that must (or, with None, must not) find it is not a name. Then whole-pipeline
tables: what must be kept and what must be redacted in writing by people.
"""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from referrals.redaction import Redactor
from referrals.redaction.name_guard import Mention, join_hyphenated_names, rejecting_rule

GUARD_TABLE = [
    # (text, mention, recognizer, rule that drops it or None)
    ("hes a good lad, bit rocky at maths", "rocky", "TriageContextNameRecognizer", "word_after_a_degree_or_modal"),
    ("dont tell police theyll nick me", "nick", "TriageContextNameRecognizer", "word_after_a_degree_or_modal"),
    ("EDT informed, no further action.", "EDT", "TriageContextNameRecognizer", "vocabulary_term"),
    ("Universal Credit has stopped.", "Credit", "TriageSpacyPersonRecognizer", "vocabulary_term"),
    ("Dr Ford saw him at 10am.", "Ford", "TriageContextNameRecognizer", None),
    ("Mrs English rang the school.", "English", "TriageSpacyPersonRecognizer", None),
    ("Attended ED 0045 Sun via ambulance.", "Sun", "TriageContextNameRecognizer",
     "day_abbreviation"),
    ("Mr Sun said he was worried.", "Sun", "TriageContextNameRecognizer", None),
    ("Footage from ZPT shows the fight.", "ZPT", "TriageContextNameRecognizer",
     "acronym_without_name_context"),
    ("The pupil KB (7) was upset.", "KB", "TriageContextNameRecognizer", None),
    ("SB said her boyfriend is 26.", "SB", "TriageContextNameRecognizer", None),
    ("I have NOT contacted mum.", "NOT", "TriageContextNameRecognizer", "shouted_grammar_word"),
    ("The baby NOT rolling.", "NOT", "TriageContextNameRecognizer", "shouted_grammar_word"),
    ("Mum Jane Ross. AT is well behaved in school.", "AT", "TriageSpacyPersonRecognizer", None),
    ("NO SH disclosed when asked.", "SH", "TriageContextNameRecognizer", "acronym_after_a_determiner"),
    ("Mum consents, AW knows about this call.", "AW", "TriageSpacyPersonRecognizer", None),
    ("This is URGENT please.", "URGENT", "TriageContextNameRecognizer", "capitalised_word"),
    ("Claire WATTS called police.", "Claire WATTS", "TriageContextNameRecognizer", None),
    ("I NEED PATIENCE WITH HIM NOW.", "PATIENCE", "TriageContextNameRecognizer",
     "capitals_line"),
    ("Mum says PATIENCE is at home.", "PATIENCE", "TriageContextNameRecognizer", None),
    ("Placement: with grandmother since May.", "Placement", "TriageContextNameRecognizer",
     "form_label"),
    ("Jade: please call me back.", "Jade", "TriageContextNameRecognizer", None),
    ("The family moved to a flat in Redbarrow last year.", "Redbarrow",
     "TriageSpacyPersonRecognizer", "place_after_preposition"),
    ("She has friends in Tyler's class.", "Tyler", "TriageSpacyPersonRecognizer", None),
    ("Referred to Marram CAMHS last week.", "Marram", "TriageContextNameRecognizer",
     "place_or_body_name"),
    ("Shazia Khan CAMHS saw her.", "Shazia Khan", "TriageContextNameRecognizer", None),
    ("Kitchen was filthy on arrival.", "Kitchen", "TriageSpacyPersonRecognizer", "ordinary_word"),
    ("He lives with his partner Ross and two children.", "Ross", "TriageSpacyPersonRecognizer",
     None),
    ("Mum is angry because Kerry's dad left.", "Kerry", "TriageContextNameRecognizer", None),
    ("He was seen with Sue Fallows at the park.", "Sue Fallows", "TriageSpacyPersonRecognizer",
     None),
    ("PPN - CHILD IN NEED", "IN NEED", "TriageContextNameRecognizer", "capitalised_word"),
    ("Referred under Child Protection procedures.", "Protection", "TriageContextNameRecognizer",
     "vocabulary_term"),
    ("She went to the Drovemere General last night.", "Drovemere General",
     "TriageContextNameRecognizer", "place_or_body_name"),
    ("Seen at the shop on Quillan Lane after dark.", "Quillan Lane",
     "TriageSpacyPersonRecognizer", "place_or_body_name"),
    ("From: Ashby Vale Borough Council", "Ashby", "TriageContextNameRecognizer",
     "place_or_body_name"),
    ("He is with Drovemere Young Carers already.", "Drovemere Young",
     "TriageContextNameRecognizer", "place_or_body_name"),
    ("Euan had red marks to his neck.", "red marks", "TriageContextNameRecognizer",
     "lower_case_word_in_cased_text"),
    ("She flew to Conakry via Drovemere last week.", "Drovemere", "TriageContextNameRecognizer",
     "place_after_preposition"),
    ("Ms Foster rang. MS Society leaflet given.", "Society", "TriageContextNameRecognizer",
     "ordinary_word"),
    ("Lives with former partner. Licence ends in May.", "Licence",
     "TriageSpacyPersonRecognizer", "vocabulary_term"),
    ("PC Hammond and DC Quillan attended.", "Quillan", "TriageContextNameRecognizer", None),
    ("He was stopped on the Drovemere bypass at night.", "Drovemere",
     "TriageSpacyPersonRecognizer", "place_before_a_noun"),
    ("The Quillan family moved in May.", "Quillan", "TriageSpacyPersonRecognizer", None),
    ("I am the vicar at St Quillan's, Drovemere.", "St Quillan", "TriageContextNameRecognizer",
     "saints_place"),
    ("Stage 4 cancer. My endocrinologist says months.", "endocrinologist", "TriageContextNameRecognizer",
     "lower_case_word_in_cased_text"),
    # hwr1 round: a place's team or body, not a given name and a surname in capitals
    ("Probation Service - Drovemere PDU", "Drovemere PDU", "TriageContextNameRecognizer",
     "place_or_body_name"),
    ("Housing Options referral - Quillbrook CC", "Quillbrook CC", "TriageContextNameRecognizer",
     "place_or_body_name"),
    ("Tendai MOYO was arrested.", "Tendai MOYO", "TriageContextNameRecognizer", None),
    ("She goes to the Drovemere Boys & Girls Club on Fridays.", "Girls Club",
     "TriageContextNameRecognizer", "place_or_body_name"),
    ("She has not registered with a GP in Ashby Vale yet.", "Ashby Vale",
     "TriageContextNameRecognizer", "place_or_body_name"),
    ("Ellie Ward (16) was slapped.", "Ellie Ward", "TriageSpacyPersonRecognizer", None),
    ("Referral to Drovemere Young People's IDVA.", "Drovemere Young People",
     "TriageContextNameRecognizer", "place_or_body_name"),
    ("She was admitted to Quillbrook Children's Hospital.", "Quillbrook",
     "TriageSpacyPersonRecognizer", "place_or_body_name"),
    ("ZPTs deployed to the park.", "ZPTs", "TriageContextNameRecognizer",
     "acronym_without_name_context"),
    ("AMHP felt she had capacity.", "AMHP", "TriageContextNameRecognizer", "vocabulary_term"),
    ("Good afternoon Quillbrook,\nThe family moved to a pitch in Quillbrook.", "Quillbrook",
     "TriageSpacyPersonRecognizer", "place_named_elsewhere"),
    ("A text from Quillbrook. Quillbrook said he was fine.", "Quillbrook",
     "TriageSpacyPersonRecognizer", None),
    ("Admitted to Ward 12 at 10pm.", "Ward", "TriageContextNameRecognizer", "hospital_ward"),
    ("Moved overnight to Rainbow Ward.", "Rainbow Ward", "TriageContextNameRecognizer",
     "hospital_ward"),
    ("They came to Quillbrook about a year ago.", "Quillbrook", "TriageSpacyPersonRecognizer",
     "place_after_preposition"),
    ("I had a text from Quillan last night.", "Quillan", "TriageSpacyPersonRecognizer", None),
    ("Reg partial VU21 seen.", "Reg", "TriageContextNameRecognizer", "registration_abbreviation"),
    ("Reg Hollis (dad) rang.", "Reg Hollis", "TriageContextNameRecognizer", None),
    ("Notification only - Quillbrook UA", "Quillbrook UA", "TriageContextNameRecognizer",
     "place_or_body_name"),
    ("Health Visitor (Quillbrook South)", "Quillbrook South", "TriageContextNameRecognizer",
     "place_or_body_name"),
    ("Tom West said hello.", "Tom West", "TriageSpacyPersonRecognizer", None),
    ("I'm a family worker at the Quillbrook Women's Centre.", "Quillbrook",
     "TriageSpacyPersonRecognizer", "place_or_body_name"),
    ("To: Quillbrook Children's MASH", "Quillbrook Children", "TriageContextNameRecognizer",
     "place_or_body_name"),
    ("THEY SAID SHE DOESNT MEET THRESHOLD.", "DOESNT MEET", "TriageContextNameRecognizer",
     "capitalised_word"),
    ('His van says "Quillbrook Roofing" on the side.', "Quillbrook Roofing",
     "TriageContextNameRecognizer", "place_or_body_name"),
    ("Mum works at Sandy's Nails on Saturdays.", "Sandy", "TriageSpacyPersonRecognizer",
     "business_name"),
    ("Priya's nails were bitten down.", "Priya", "TriageSpacyPersonRecognizer", None),
    ("Upstairs at number 9 (Quillan Mansions, 3rd floor).", "Quillan Mansions",
     "TriageContextNameRecognizer", "place_or_body_name"),
    ("Referred on to Drovemere Mind for counselling.", "Drovemere", "TriageSpacyPersonRecognizer",
     "place_or_body_name"),
    ("Elmtree Surgery, Quillbrook\nRe: a baby boy", "Quillbrook", "TriageSpacyPersonRecognizer",
     "place_after_a_body"),
    ("Seen at Sunnyside Day Nursery, Drovemere on Monday.", "Drovemere",
     "TriageSpacyPersonRecognizer", "place_after_a_body"),
    ("Letters to Sunnyside Day Nursery, Tyler and mum.", "Tyler", "TriageSpacyPersonRecognizer",
     None),
    ("Amira attends Quillbrook Academy, Zelphine attends Drovemere Primary.", "Zelphine",
     "TriageSpacyPersonRecognizer", None),
    ("She was found by Sandy Lane with two men.", "Sandy Lane", "TriageContextNameRecognizer",
     "street_after_preposition"),
    ("She spoke to Sandy Lane about it.", "Sandy Lane", "TriageContextNameRecognizer", None),
    ("The baby is scared of the dog Tyson, mum says.", "Tyson", "TriageSpacyPersonRecognizer",
     "pet_name"),
    ("They have a puppy called Biscuit in the flat.", "Biscuit", "TriageContextNameRecognizer",
     "pet_name"),
    ("A man called Tyson has been hanging around.", "Tyson", "TriageContextNameRecognizer", None),
    ("Intel submitted. DC Barrow OIC.", "Barrow", "TriageContextNameRecognizer", None),
    ("Please book a Karen interpreter for mum.", "Karen", "TriageSpacyPersonRecognizer",
     "language_of_speech"),
    ("Karen interpreted for mum on Monday.", "Karen", "TriageSpacyPersonRecognizer", None),
    ("Dad works nights at Jobling's fish quay.", "Jobling", "TriageSpacyPersonRecognizer",
     "business_name"),
    ("Dad sleeps at Jobling's flat most nights.", "Jobling", "TriageSpacyPersonRecognizer", None),
    ("He was admitted to Fennimore Ward overnight.", "Fennimore Ward",
     "TriageContextNameRecognizer", "hospital_ward"),
    ("He spoke to Fennimore Ward overnight.", "Fennimore Ward", "TriageContextNameRecognizer", None),
    ("I manage the Cliff Terrace flats.", "Cliff", "TriageSpacyPersonRecognizer",
     "place_or_body_name"),
    ("She misses the friends she had in India.", "India", "TriageSpacyPersonRecognizer",
     "place_after_preposition"),
    ("She sat with India at lunch.", "India", "TriageSpacyPersonRecognizer", None),
    ("Said Gaz has never hurt her.", "Said Gaz", "TriageSpacyPersonRecognizer", None),
    ("Said there was no tea last night.", "Said", "TriageSpacyPersonRecognizer", "said_as_a_verb"),
]


@pytest.mark.parametrize(("text", "value", "recognizer", "rule"), GUARD_TABLE)
def test_guard_rule_table(
    redactor: Redactor, text: str, value: str, recognizer: str, rule: str | None
) -> None:
    start = text.index(value)
    result = RecognizerResult("PERSON", start, start + len(value), 0.8, recognition_metadata={
        RecognizerResult.RECOGNIZER_NAME_KEY: recognizer})
    doc = redactor.nlp(text)
    view = redactor.name_guard.view(text, doc)
    span = doc.char_span(result.start, result.end, alignment_mode="expand")
    assert rejecting_rule(Mention(view, result, tuple(span))) == rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ruby-Jo Ferguson (8)", "Ruby-Jo Ferguson"),
        ("Sophie van der Berg (14)", "Sophie van der Berg"),
        ("Willemine ten Pas, mum", "Willemine ten Pas"),
        ("D'Angelo Reid, 15", "D'Angelo Reid"),
    ],
)
def test_when_name_hyphenated_or_with_particle_then_result_grows_over_it(
    text: str, expected: str
) -> None:
    value = expected.split()[-1] if "'" not in expected else "Angelo Reid"
    if "-" in expected:
        value = "Jo Ferguson"
    if " van " in expected or " ten " in expected:
        value = expected.split()[0]
    start = text.index(value)
    result = RecognizerResult("PERSON", start, start + len(value), 0.8)
    join_hyphenated_names(text, [result])
    assert text[result.start:result.end] == expected


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("Later de Vries said sorry.", "Vries", "de Vries"),
        ("She states AP RHYS had been drinking.", "RHYS", "AP RHYS"),
        ("She states AP Rhys had been drinking.", "Rhys", "Rhys"),
        ("She took the van Kyle had.", "Kyle", "Kyle"),
    ],
)
def test_when_particle_stands_before_a_surname_then_result_grows_back_over_it(
    text: str, found: str, expected: str
) -> None:
    start = text.index(found)
    result = RecognizerResult("PERSON", start, start + len(found), 0.8)
    join_hyphenated_names(text, [result])
    assert text[result.start:result.end] == expected


KEPT = [
    # a nationality is what a child is called or says they are, not a name; a school's
    # MIS; a country with an apostrophe; an idiom; an adjective after "a bit", a verb
    # after a modal, even where the document names someone with the word
    (('Other boys call him "Chinese" and say things. He said it is because I\'m Chinese. '
      "LEE Chee Keong - Malaysian national. Our MIS has him as Kwabena Asante. Aya had FGM "
      "as a child in Côte d'Ivoire."),
     ['"Chinese"', "I'm Chinese", "Malaysian national", "Our MIS", "Côte d'Ivoire"]),
    # dialect that no dictionary holds; an adjective after "been"; towns that are given
    # names after "in" or a trip to them
    (("maybe its nowt. i think summat happened. the bairn was screaming. things had been rocky "
      "for ages but i love rocky to bits. She wants to live with her nan in Preston. The Year 9 "
      "trip to Paris. Rose went to York tonight."),
     ["its nowt", "summat", "the bairn", "been rocky", "in Preston", "to Paris", "to York"]),
    # a bill is a bill; "said" after what spoke
    ("the lady at the jobcentre said social services might know. ive got the gas bill at 380 quid",
     ["jobcentre said", "gas bill"]),
    # a quotation in another language keeps its words, though the family names someone
    # with one; specialties after a consultant's name
    (('Child: Luz García López. Mum kept saying "no hay luz, no hay luz en la casa". Doña '
      'Dolores told me "tengo dolores todo el día". Dr Catherine Lowe, Consultant Paediatric '
      "Haematologist"),
     ["no hay luz en la casa", "tengo dolores todo", "Consultant Paediatric Haematologist"]),
    # the honorific stays beside the name it leaves; a police unit after an officer's name
    (('There is a 3-year-old sibling, SATO Yui ("Yui-chan"), at home. Her friends call her '
      '"Rin-chan" and Kenji-kun. PC 5530 Lauren Gilchrist, Roads Policing'),
     ['-chan")', '-chan"', "-kun", "Roads Policing"]),
    (("his mate rockys on the xbox. rockys mum sue brought him home. hes a good lad, bit rocky "
      "at maths thats about it. never anything like that, touch wood. theyll nick me"),
     ["bit rocky at maths", "touch wood", "nick me"]),
    ("Mum went by Aldi on the way home; he goes by Tin at school.", ["went by Aldi"]),
    ("I saw Paw Patrol with them. Saw the man at 3pm. Khoa said Bà did it.", ["Paw Patrol", "Saw the man", "Bà"]),
    ("NOK: mother. Her NOK is her aunt.", ["NOK: mother", "Her NOK"]),
    # peoples, places and drinks beside names: an ethnic group, beer after "cans of", a
    # brand before a thing's noun, a fair, Asian cities and countries
    (("Note: Karen people do not have family names. Twelve cans of Lech and Zubr were on the "
      "floor. Frankie wore a Chelsea babygrow; the Sky box light is on. Training the cob for "
      "Appleby Fair. The Hmong family came from Chiang Mai, not Korea. Ha-ha, he said; a so-so day."),
     ["Karen people", "Lech", "Zubr", "Chelsea babygrow", "Sky box", "Appleby Fair", "Hmong",
      "Chiang Mai", "Korea", "Ha-ha", "so-so"]),
    # a language joined to "-speaking"; a ward a patient is admitted to; a job's time; a
    # note that drops its subject before "said"; the general hospital; roles' acronyms
    (("A male Dari-speaking worker, please; mum was helped by Romanian-speaking staff. Baby "
      "was admitted to Phoenix Ward. Job 19:52, crew on scene. 10:15 Said the kids are always "
      "out. Seen by paeds at the General. Mum told the LSA and the VLO."),
     ["Dari-speaking", "Romanian-speaking", "Phoenix Ward", "Job 19:52", "Said the kids",
      "the General", "LSA", "VLO"]),
    # a business named after its owner's surname; a hospital ward named after a benefactor;
    # a street word after a first name; a law's section number
    (("Dad works at Pattinson's boatyard and mum at Gilroy's launderette. Cliff Dobson lives "
     "in the Cliff Terrace flats. Baby was admitted to Fennimore Ward. Mum has a Section 21 "
     "notice expiring end of May."), ["Pattinson's boatyard", "Gilroy's launderette", "Cliff Terrace",
                                      "Fennimore Ward", "Section 21 notice expiring end"]),
    # languages of speakers and interpreters; a relative's condition in capitals; kin words
    # in other languages; a country that is also a given name, after "in"
    (('Our Karen-speaking TA came, and next time a Karen interpreter. Mum speaks Bambara; a Hakha '
     'Chin interpreter came too. Rhys said his mam\'s MS is worse. Kavin said "Appa hit me". '
     "She misses the friends she had in India."),
     ["Karen-speaking", "Karen interpreter", "Bambara", "Hakha Chin", "MS", "Appa", "India"]),
    ("The landlord has threatened to sue them for the arrears.", ["sue them"]),
    ("They tried to rob the shop and he was taken to the nick.", ["rob the shop", "the nick"]),
    ("PARTIES: JACK SHORT DOB 09/05/1990 AND CHERRY SHORT DOB 22/12/1991", [" AND "]),
    ("Thanks, May I ask you to ring the school?", ["May I"]),
    ("Please call back on the duty line.\nKind regards, EDT", ["EDT"]),
    ("Dean Vickers (DV) - Social Worker\nNo DV incidents since the last review.", ["No DV incidents"]),
    ("unkind towards a younger pupil (name-calling, taking his lunch)", ["name-calling"]),
    ("he says people will find out and our name is finished.", ["name is finished"]),
    ("With respectful greetings,\nAnneliese Quillan (Oma)", ["(Oma)"]),
    ("Parent: April Quillan (mum)\nSeen in April and on 3 April. Review April 2025.",
     ["in April", "3 April", "April 2025"]),
    ("From: Frank Quillan, Headteacher\nTo: Northvale, MASH\n", ["Headteacher", "MASH"]),
    ("From the Head Teacher, Sgoil Allt an Fhèidh\n\nPupils: two", ["Pupils: two"]),
    ('Mum Jade "I\'m fine" said she was ok. Dad said "no" to the plan.', ['"I\'m fine"', '"no"']),
    ("The family came here from Skye four years ago.", ["Skye"]),
    ("My nan said she would help and Nan is coming on Sunday.", ["My nan", "Nan is"]),
    ("GP letter re EPDS sent. EPDS today 16.", ["re EPDS", "EPDS today"]),
    ("Dr Anjali Quillan\nGeneral Practitioner\n", ["General Practitioner"]),
    ("Nia Wyn Quillan, Nyrs Ysgol / School Nurse", ["Nyrs Ysgol"]),
    ("We are worried about the Foster family placement and the Romanian family.", ["Foster", "Romanian"]),
    ("He went to school, then to the park in Millbridge. Seen at 4pm, home by 6.", ["the park in Millbridge"]),
    ("the landlord wont allow it and ive told him, thats true", ["wont", "ive", "thats true"]),
    ("They are out all day and the dog, Bruno, barks at all hours.", ["Bruno"]),
    ("Reason: neglect. Name: unknown at this time. Support: Early Help", ["Support", "Early Help"]),
    ("Thu 14:10 - seen by SENCO. Thu evening mum rang. Seen Mon, Tue and Thu.", ["Thu 14:10", "Thu evening"]),
    ("Mercedes is 7. Her dad drives a black Mercedes.", ["black Mercedes"]),
    (("ARGUMENT WAS ABOUT A CAR JACK HE HAD LENT TO HIS BROTHER. BOTH WERE SHORT-TEMPERED AFTER A "
      "LONG DAY AND APOLOGISED TO THE NEIGHBOUR."), ["HAD LENT TO HIS BROTHER", "DAY AND APOLOGISED TO THE"]),
    ("VICTIM: HOPE GRAY DOB 01/01/2000. WE HOPE SHE IS OK.", ["WE HOPE"]),
    ("Pupil: BRYNMOR, Tia (Y6)\nNo TB vaccine concerns. Seen by the SW today.", ["TB vaccine", "SW today"]),
    ("Injured party Isla Penrose. IP states he pushed her.", ["IP states"]),
    ("SHE GOES OUT AND DOESN'T COME BACK. I AM AT THE END OF MY ROPE.", ["GOES", "ROPE"]),
    ("TRANSFER IN - CHILDREN SUBJECT TO CHILD PROTECTION PLANS", ["TRANSFER", "SUBJECT"]),
    ("Reason for share: dad has a new partner.", ["Reason"]),
    ("Support: Early Help offered and declined.", ["Support"]),
    ("YJS info share. EDT informed. RHI completed. DVDS application made.",
     ["YJS", "EDT", "RHI", "DVDS"]),
    ("Seen on Snapchat and Instagram using ketamine. UC stopped, DLA pending.",
     ["Snapchat", "Instagram", "ketamine", "UC", "DLA"]),
    ("DKA admission, then HDU. ECG normal. CBT offered. GCS 14.",
     ["DKA", "HDU", "ECG", "CBT", "GCS"]),
    ("Mum speaks Kurmanji and Sorani; dad speaks Romani and Slovak.",
     ["Kurmanji", "Sorani", "Romani", "Slovak"]),
    ("Her grandmother lives in Birmingham; the family came from Hong Kong via Sierra Leone.",
     ["Birmingham", "Hong Kong", "Sierra Leone"]),
    ("Collected in a black BMW, then a Ford Focus, then a silver Mercedes.",
     ["BMW", "Ford", "Mercedes"]),
    ("Her mum had surgery. My college tutor said so. Poor school attendance. DASH: HIGH.",
     ["surgery", "college", "school", "HIGH"]),
    ("He is not on Snapchat now. Rows over his PlayStation hours. How to handle him.",
     ["now", "hours", "him"]),
    ("Plan B has failed. Vitamin D is low. I said yes. Child A said no.", ["B", "D", "I said", "A said"]),
    ("Declined. PC 2290 HOLLIS, Drovemere South NPT. Referral from Quillbrook Boys & Girls Club.",
     ["Drovemere South NPT", "Girls Club"]),
    ("Quillbrook CAMHS - Eating Disorders Pathway\nRe: Freya Lindqvist (15)",
     ["Quillbrook CAMHS", "Eating Disorders Pathway"]),
    ("She goes out preaching on Drovemere High Street. From: Quillbrook Town Juniors FC",
     ["High Street", "Juniors FC"]),
    ("he says he will send them to everyone in my school. im 14.", ["everyone in my school"]),
    ("Used Sudocrem and Movicol. Bloods for Von Willebrand. HbSS. Hides at Golden Time.",
     ["Sudocrem", "Movicol", "Von Willebrand", "HbSS", "Golden Time"]),
    ("Call from the Crisis Team / AMHP Rhys Quillan. Later the AMHP felt she had capacity.",
     ["AMHP [PERSON_1]", "AMHP felt"]),
    (("Fraser/Gillick assessed. Fraser not met. Outcome: Youth Conditional Caution. Child "
      "Abduction Warning Notice considered. Forced Marriage Unit advised."),
     ["Fraser/Gillick", "Fraser not met", "Conditional Caution", "Abduction Warning Notice",
      "Forced Marriage Unit"]),
    ("Weight recorded in the Red Book. Hedrin and Piriton advised. Dr Nair, Paediatric Registrar.",
     ["Red Book", "Hedrin", "Piriton", "Paediatric Registrar"]),
    ("He was seen in the Morrisons car park, then at Premier Inn, Quillbrook Seafront.",
     ["Morrisons", "Premier Inn", "Quillbrook Seafront"]),
    (("I am an elder at a Ghanaian Methodist congregation. From: Quillbrook Somali Community "
      "Association."), ["Ghanaian Methodist", "Quillbrook Somali Community Association"]),
    ("The foster carer rang. Foster placement ended.", ["foster carer", "Foster placement"]),
    ("ANDREI FRIGHTENED TO GO HOME. FATHER DRIVES A SILVER DACIA LOGAN. DS VOGELSANG CONTACTABLE ON 0161.",
     ["FRIGHTENED TO GO HOME", "A SILVER DACIA LOGAN", "CONTACTABLE ON"]),
    ("She gets in a black Ford Kuga or a white Seat Leon after school.", ["Ford Kuga", "Seat Leon"]),
    ("Shouting outside the Red Lion. She works at her cousin's takeaway (Golden Dragon).",
     ["Red Lion", "Golden Dragon"]),
    ("Mum works at Quillan's Oven. Sweets from Jones the Sweets and Ali's Mini Market.",
     ["Quillan's Oven", "Jones the Sweets", "Ali's Mini Market"]),
    ("Nan lives in Paisley. Dad lives in Belo Horizonte. A train ticket from Eastwick Haven.",
     ["Paisley", "Belo Horizonte", "Eastwick Haven"]),
    ("CHILD: ANDREI POPESCU, 11 YRS, DOB 16/08/2013. Risk reduced to LOW. My SSW rang. LAS attended.",
     ["11 YRS", "LOW", "SSW", "LAS"]),
    ("Child calm on police arrival, holding a teddy. He waits outside Nando's.", ["a teddy", "Nando's"]),
    ("Seen by Sarah Quillan CAMHS. From Tessingham Homes ASB team.", ["CAMHS", "ASB"]),
    ("Route 7 runs past the school. Section 17 was opened.", ["Route 7", "Section 17"]),
    ("Best regards,\nOsian Quillan\nStudent Wellbeing Adviser\n\nYours,\nDr H. Quillan, Specialty Registrar",
     ["Student Wellbeing Adviser", "Specialty Registrar"]),
    ("She is from Brussels and moved to Barry in 2019. Cai is going home to Ynys Môn.",
     ["Barry", "Ynys Môn"]),
    ("Partner: Rasa Quillan; children 8 and 5.\n\nFamily's UC was stopped in March.", ["Family's UC"]),
    ("He wore Jordan trainers to the Chelsea match and a Chelsea away shirt; a Paris trip is booked.",
     ["Jordan trainers", "Chelsea match", "Chelsea away shirt", "Paris trip"]),
    ("Her hours at Mills & Co were cut. Past Cash Converters and the Royal Mail depot.",
     ["Mills & Co", "Cash Converters", "Royal Mail"]),
    # name_cues look-alikes
    ("Lives with Tata (Ionut Quillan), Mama (Elena) and baby.", ["Tata", "Mama"]),
    ("Plan: Specialist Midwife for Substance Misuse (Amanda Quillan).", ["Substance Misuse"]),
    ("Seen at 9 A.M. in the U.K. office. Bright's idea was good.", ["A.M.", "U.K.", "Bright's idea"]),
    ("Her dad said she had to go. She helps her mum wash and dress. In May she moves.",
     ["dad said", "mum wash", "In May"]),
    # plural place and business names, and a sign-off word ending a long line
    ("They live on the Meadows estate and drink at the Coopers Arms; the Parsons Road flats.",
     ["Meadows estate", "Coopers Arms", "Parsons Road"]),
    ("I only want the best\nHope this helps the family.", ["Hope this"]),
    ("Name: Kai Quillan\nSchool: Millbrook Primary\nSchool: N/A\nSchool: Year 5",
     ["\nSchool: [", "N/A", "Year 5"]),
    ("Name: not given\nmy name is liberty and i am worried", ["not given", "and i am worried"]),
    # a form's labels beside a name are no message thread, and a thread's word elsewhere stays
    ("Reason: neglect\nAction: visit\nOutcome: NFA\nSarah Quillan: seen", ["Reason:", "Action:", "Outcome:"]),
    ("Drew: u good?\nMiles Quillan: ok\nMiles: cant\nHe drew a picture.", ["He drew a picture"]),
    ("It's Monday from now on. Kev said Good Lord, it was a tiff.", ["Monday", "Good Lord", "tiff"]),
    ("i sent the form for Poppy Marsh yesterday pm. my daughter hope is ok. i hope so. we hope so",
     ["yesterday pm", "i hope so", "we hope so"]),
    # an adverb before a verb does not make an acronym someone's initials, nor a size an age
    ("CIN plans often change. PE kits are always missing. The room (12m) was small.",
     ["CIN plans", "PE kits", "room (12m)"]),
    ("The Patel-owned shop near Mr Khan-style flats.", ["-owned", "-style"]),
    ("She lives at\nMill Lane\nnear the shops.", ["Mill Lane"]),
    ("User: my mum ngl is fine and my brother tbh hates it. i miss u so much. Ting said hi.",
     ["mum ngl", "brother tbh", "miss u"]),
    ("Kaiden Quillan (6). Child K and Plan K apply. Lily Quillan has cuts to L forearm; NI AB 12 34 56 K, seen.",
     ["Child K", "Plan K", "56 K", "L forearm"]),
    ("Dilan FaceTimed her. We agreed CIN; signs in Makaton; Abba says no. Faded by Sun eve, home Sun teatime.",
     ["FaceTimed", "Makaton", "Abba says", "Sun eve", "Sun teatime"]),
    ("She prays at Madina Masjid, boxes at Calder ABC, rings Star Cars and Family Rights Group.",
     ["Madina Masjid", "Calder ABC", "Star Cars", "Rights Group"]),
    ("Dear Sir, the Head of Year 9 and Sergeant Cole met Jo. Jo Head of Maths said.",
     ["Dear Sir", "Head of Year", "Sergeant", "Head of Maths"]),
    ("Mum lisa bought food. Her surname is unknown and the same as mine. In my sons room (15).",
     ["bought food", "unknown", "the same", "room"]),
    # grammar words in capitals for emphasis, and capitals after a determiner
    ("The baby NOT rolling, not mobile. Parents NOT told. NO SH disclosed - JT asked directly.",
     ["NOT rolling", "NOT told", "NO SH"]),
    # a lower-case verb after a pronoun is not the name Said, even in a lower-case text
    ("i messaged her and she said poppy is making stuff up", ["she said"]),
    # "and" between two days; a bracketed word after "home:" that is a word
    ("Open Sat and Sun. Seen Sunday and Monday, Thu 14:10. Bag (home: Yes).",
     ["Sat and Sun", "Sunday and Monday", "Thu 14:10", "Yes"]),
    # a council's service after its place name; a place before "(" that is no age; an estate
    (("You're chatting with the Caldermoor Family Front Door, or the Harrowfield children's services "
      "web chat. Her uncle in Osaka (mum's brother) drinks. He lives on the Ferris estate."),
     ["Caldermoor Family Front Door", "Harrowfield children's", "in Osaka", "Ferris estate"]),
    # a lower-case "said" after a family word
    ("i just want it quieter. mum said lee is stressed bc of work.", ["mum said"]),
    ('She has "Sorry" written on it. Bag (home: Yes).', ['"Sorry"', "Yes"]),
    # "im" and "its" before words that are no names
    ("User: im tired and im sorry. its fine. im mark, im new here. that its jade im worried about",
     ["im tired", "im sorry", "its fine", "im mark", "im new", "its jade"]),
    ("incase its true. its summer, everyones out. im tom", ["its true", "its summer", "im "]),
    # an office's email and its words; languages and the school system
    ("Thanks, MASH Duty Team mash.duty@council.gov.uk. Interpreter (Burmese); some Quechua. On SIMS.",
     ["MASH Duty Team", "Burmese", "Quechua", "SIMS"]),
    # a pub after "the", a personal adviser, police form abbreviations, places abroad, a season
    ("Dad was found inside the King's Head. Obs: HR 44, temp 36.1\nOcc: 24/118733\nLoc: the park",
     ["King's Head", "HR 44", "Occ:", "Loc:"]),
    ("The father is in Santo Domingo. Awa has never been to Burkina Faso. since last summer shaz drinks",
     ["Santo Domingo", "Burkina Faso", "last summer"]),
    # the form's NINO label beside a mother called Nino
    ("Mother: Nino Beridze\nNINO: AB 12 34 56 C\nNino said she is fine. Client NINO not known.",
     ["NINO:", "Client NINO"]),
    ("Form completed.\nNINO: AB123456C\nClient NINO not known. NINO checked by DWP.", ["NINO checked"]),
    # "sue" in lower case is the verb without a name's evidence
    ("hi im a single mum. im not looking to sue anyone lol", ["to sue anyone"]),
    # text speak is no set of initials; a river is no child
    ("hi is this where u tell someone if ur worried about a friend. the river is 2 miles away",
     ["ur worried", "river"]),
]
REDACTED = [
    # typed messages: possessives without apostrophes before family words, a modal that is a
    # given name, a friend after "my mate", a self-introduction with a listed surname
    (("hiya its dawn baker i dunno if this is right. hi im livs dad. i have liv every other "
      "weekend. liv is 12. i am wills nan. will has been living with me. will is 8. im at my "
      "mate tom's. his mate rockys on the xbox. rockys mum sue brought him home.\n\nsoph (jacks mum)"),
     ["dawn", "baker", " liv ", "liv is", "will ", "tom", "rocky", "sue", "soph", "jack"]),
    # a quoted message in broken English keeps its lower-case names; a surname that is a
    # word before "family", where a title names it too
    (('Mum is Ana Popescu, son Stefan. She sent: "hello miss is ana. stefan mum. electric '
      'finish". Caller: "the one the Long family have, I think he\'s Mr Long."'),
     ["ana", "stefan", "Long family"]),
    # in typed messages: a listed name given a child's age, a friend after "me mate", a
    # brother after "me brother"; a car make that is a given name, given an age
    (("its just me and the kids, brooke is 11, ivy is 5. me mate holly said no. "
      "me brother jack is at me nanas. Two children including Mercedes (5)."),
     ["brooke", "ivy", "holly", "jack", "Mercedes"]),
    # a Filipino doubled nickname, though "Jun" alone is a month; initials declared after a
    # family name written first in capitals, with an age
    (("Known as: Jun-Jun (friends call him Jun)\nJun-Jun was seen. Children: SOK Dara (DS, 9) "
      "and SOK Bopha (BS, 3).\n12/09 - School: DS late 14 times. DS and BS alone."),
     ["Jun-Jun", "DS", "BS"]),
    # a Japanese honorific hyphened to a name is dropped like a title, and the name goes
    (('There is a 3-year-old sibling, SATO Yui ("Yui-chan"), at home. Her friends call her '
      '"Rin-chan" and Kenji-kun.'), ["Yui", "Rin", "Kenji"]),
    # a nickname after "please use"; a patronymic; a given name's last syllable before a
    # bracketed role or age, though a month or a role word alone
    (('Child: Ignacio Fernández (please use "Nacho")\nNacho sleeps badly. Passport: SAIDOV '
      "Firdavs Rustamovich. Parents: Ma Jun (father), Sun Li (mother). Other party - CHAN Siu "
      "Man (38)"),
     ["Nacho", "Rustamovich", "Jun", "Siu", "Man"]),
    ("Mum went by Aldi on the way home; he goes by Tin at school.", ["Tin"]),
    # Cantonese given names of two hyphened syllables (one a role word); Karen names of
    # syllables that are English words after their prefix
    ("My name is CHAN Tai-man, English name Peter. Parents: Naw Paw Say (mum) and her brother.",
     ["Tai", "man,", "Paw Say"]),
    # Burmese, Thai and Malay honorifics before a name
    ("Parent: Daw Khin Aye (mother). Mum is known as Khun Nok. Encik Razak rang.", ["Khin", "Nok", "Razak"]),
    # the name someone introduces themselves by; a nickname after a listed child's age and a
    # dash; "Nok" is a Thai name in title case ("NOK", next of kin, stays)
    (('She is registered as Wanida but introduces herself as Nok. No concerns about how Nok '
      'treats Ploy.\n- Jericho Bautista, 7 - "Echo", the one she worries about. Echo had head lice.'),
     ["Nok", "Echo"]),
    # Korean given names whose syllables are words; names of origins no list holds after a
    # family word; a Hmong surname that is a stop word after a title; a maiden name; a
    # nickname a person uses
    ("Victim: YOON Su-bin (F, 27). Perpetrator: KANG Min-ho. Su-bin said Min-ho hit her while she held Ha-eun.",
     ["Su-bin", "Min-ho", "Ha-eun", "Su", "Min", "Ha-"]),
    (('hi its Mele, my boys Sione and Viliami start next week. Mother, Wulandari (one name only), '
      'came in. I visited Mrs Her at home. Mother: SATO Aya (née MORI). Maria (uses "Tin") was upset.'),
     ["Sione", "Viliami", "Wulandari", "Mrs Her", "MORI", '"Tin"']),
    # a name that is also a word, given after a greeting
    ("hi its dean from the boxing club, sorry to bother you. hi im mark, her stepdad. shes 15",
     ["dean", "mark"]),
    # a first name before a trade's noun is its owner; a month-name person after "in April"
    (("She got a lift from Jade's van. Nora Ward rang. Hi, early help for April Dunn (24). Her "
     "mum left for Spain in April.\n\nApril is tearful."), ["Jade", "Nora", "April is"]),
    # Karen names with their prefix and syllables
    ("Re: Saw Eh Htoo (Y2). I'm writing about Saw Eh Htoo. Eh Htoo sleeps on a mattress.",
     ["Saw", "Eh Htoo"]),
    ("Ruby-Jo Ferguson is 8. Ruby-Jo said she was hungry.", ["Ruby", "Jo", "Ferguson"]),
    # names in lower-case messages: after "called", before a role in brackets, after "her
    # names", after "im" with a surname, after "my name is", after "nephew ... who is", signing off
    (("theres someone called smudge messaging her. i heard baz (the dad) shouting. her names "
      "maddie cole. im kez dunmore\nmy name is will barker im 15. my nephew brook who is 4 cries. "
      "brook is scared. its fine to ring me. steve 07700 900714"),
     ["smudge", "baz", "maddie", "cole", "kez", "dunmore", "will", "barker", "brook", "steve"]),
    # children listed with their ages; a Georgian given name in a police list
    ("Siblings at home: Sameer 12, Gulnaz 9\nParties: BERIDZE Giorgi (37) / KAPANADZE Nino (34)",
     ["Sameer", "Gulnaz", "Nino"]),
    # a word name opening a line before what she said
    ("Urgent - concerns re Brook Black, Y9\n\nBrook told me:\n- they meet after school", ["Brook"]),
    # two people before a comma and a service, not a person and her team
    ("07700 900123 Shazia Khan , Shazia Kowalczyk CAMHS saw", ["Khan", "Kowalczyk"]),
    # a given name a slip away from an English word ("tour"), opening a line before a surname
    ("Nothing needed from you.\n\nTou Xiong, Y6 (10). Tou mentioned it to his teacher.", ["Tou", "Xiong"]),
    # a possessive before "Head" without "the" is a person, not a pub
    ("Jack's Head of Year rang me. Dad was later found in the King's Head.", ["Jack"]),
    # a lower-case signature in a text that capitalises its sentences
    ("Could someone talk to her? She knows im asking, its fine to ring me. steve 07700 900714", ["steve"]),
    ("Call aunt on +44 (7700) 900123 or mum on +48 601 234 567.", ["7700", "900123", "601"]),
    ("His gamertag is dark_knight_09 and he uses kyrie_b08 too.", ["dark_knight_09", "kyrie_b08"]),
    ("They live at Rosewarne Cottage, Lanner, with the grandparents.", ["Rosewarne", "Lanner"]),
    ("He went to Szkoła Podstawowa nr 5 w Gdańsku before moving.", ["Podstawowa", "Gdańsku"]),
    ("Dr Ford and Mrs English attended the meeting.", ["Ford", "English"]),
    ("Collecting Fleurine (3) and Matasz (4 months) at 5pm. Fleurine was upset.",
     ["Fleurine", "Matasz"]),
    ("Call from school 1130. Mason 8 has a burn to his hand.", ["Mason"]),
    ('She says a man called "Zorvek" and another she calls "Big Qel" pick her up.',
     ["Zorvek", "Qel"]),
    ("Please help us.\nAmnaz +44 7511 204 386", ["Amnaz"]),
    ("Kind regards\nMartin Quillan\nESOL Lecturer", ["Martin", "Quillan"]),
    ("He was excluded from Drovemere High in January.", ["Drovemere"]),
    ("Aram gets angry, and Shirazel (8) still sleeps in mum's bed.", ["Shirazel"]),
    ("I write with the consent of Rojinel Quillan (mum) about her sons.", ["Rojinel", "Quillan"]),
    ("Children: Mahselle Quillan, 6\nAlleged perpetrator: dad", ["Mahselle", "Quillan"]),
    ("Family help needed.\nShilane Rasulo 07700900234", ["Shilane", "Rasulo"]),
    ("03/10 - N said she's not allowed in.\n05/02 - N asked TA if she could stay.", [" N "]),
    ("Burns on the back of H's left hand.", ["H's"]),
    ("Attended 51 Cardew Road, Quillbrook 2115hrs on report of shouting.", ["Cardew", "Quillbrook"]),
    ("Family address: 81 Kingsway, Quillbrook. Please do not tell them.", ["Kingsway", "Quillbrook"]),
    ("i go to drovemere high. i go to st quillans primary", ["quillans"]),
    ("Home: 58 Quillan Road, Drovemere ST9 2KE | Lives with mum", ["ST9", "2KE"]),
    ("my NI is TN 37 19 50 A if that helps.", ["37 19 50"]),
    ("His Snapchat is kyle.b08 and his Xbox gamertag is dark_knight_09.", ["kyle.b08", "dark_knight_09"]),
    ("Re: Robyn (Rob) Quillan, Y10\nRob disclosed to the counsellor. Mum collected Rob at 12.",
     ["Rob", "Quillan"]),
    ('He gets lifts from "Dre" and "Zorvek" most nights.', ["Zorvek"]),
    ("One of them, the tall one they call Biscuit, shouted at us.", ["Biscuit"]),
    ("PC 2290 HOLLIS, Drovemere South NPT.", ["HOLLIS"]),
    ("Quillan Medical Practice\n14 Quillgate, Drovemere DR1 4DF\n", ["Quillgate", "DR1"]),
    ("Logging just in case. Becca, swim teacher.", ["Becca"]),
    ('He runs errands for someone called "Smithy". Messages from "Mo" at night.',
     ["Smithy", '"Mo"']),
    ("Mum (Grace Quillan) works at Patel's Pharmacy. Grace says she is tired.", ["Grace", "Quillan"]),
    ("Contact log. Call from Tiguidanke Sowe, mum of two, about the flat.", ["Tiguidanke", "Sowe"]),
    ("Caller is dad, Hadgu Weldemariam. He says the baby is unwell.", ["Hadgu", "Weldemariam"]),
    ("Thank you for your help.\nMrs K. Foster", ["Foster"]),
    ("Twice this month Pieter de Quillevaart was drunk at pick-up.", ["Pieter", "Quillevaart"]),
    ("can someone ring me back please\n\nbrooke 07700 900512", ["brooke"]),
    ("is there anyone who can help?? Grace x\ngracie.q@example.com", ["Grace"]),
    ("ANDREI FRIGHTENED TO GO HOME. DS VOGELSANG CONTACTABLE ON 0161.", ["ANDREI", "VOGELSANG"]),
    ("Officer: PC 4410 Rebecca STONE. Then PC 5502 Dean FROST attended.", ["Rebecca", "STONE", "FROST"]),
    ("Landlord of the Red Lion, Dawn Quillan, rang. Paisley Quillan lives in Leeds.", ["Dawn", "Paisley"]),
    ("Outcome 22 for Matej KOVAC, 14.\n\nMatej was arrested with 2 friends.", ["Matej", "KOVAC"]),
    ("Jordan Quillan came in today. Mr Chelsea Quillan's trip is off.", ["Jordan", "Chelsea"]),
    ("Referrer: Carol Church, volunteer coordinator.\nPresent: Sarah Church (Team Manager, Chair).",
     ["Carol", "Sarah"]),
    (("PARTIES: Rhodri PRYS (39) and Anna de VRIES (37).\nCHILDREN: Siôn PRYS (8) and Femke PRYS (5).\n"
      "They may relocate for de VRIES's new job. PRYS apologised for the noise."),
     ["Rhodri", "Femke", "PRYS", "VRIES", " de "]),
    # name_cues contexts
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
    ("The HV (Sue) said there were no concerns. Referral from Kath at the pantry.", ["Sue", "Kath"]),
    ("Josh Y7 keeps falling asleep. Rob said he would come.", ["Josh", "Rob"]),
    ("PARTIES: JACK SHORT DOB 09/05/1990 AND CHERRY SHORT DOB 22/12/1991 (MARRIED)", ["JACK", "CHERRY"]),
    ("My number is 07700 900839 if it's easier to ring.\n\nThanks, April", ["April"]),
    ("You can ring me on 07700 900690.\n\nKind regards,\nMay", ["May"]),
    ("Mum is NGUYEN Thi Thu. Given name Thu, the surgery had it wrong. Thu asked for help.", ["Thu"]),
    ("Mercedes is 7, Johnny Joe is 9. Attendance 71% for Mercedes. Mercedes won't go.", ["Mercedes"]),
    ("Everyone calls me Mien. Aatu was diagnosed autistic in January.", ["Mien"]),
    ('SUSPECT: ROBERT STEEL AKA "ROB" DOB 30/01/1994', ["STEEL"]),
    ("VICTIM: SUMMER FROST DOB 11/08/1998. ON ARRIVAL SUMMER WAS ON THE LANDING.", ["SUMMER"]),
    # initials of someone the record names surname first
    ("Pupil: BRYNMOR, Tia (Y6)\n12/01 - TB said she hates bath nights. MG spoke with TB.", ["TB"]),
    # where a form or a writer gives a name, and a message signed with a word
    ("My name is Mercedes Quillan and I'm asking for support for my family.", ["Mercedes"]),
    ("My name is QUILLAN, Mercedes and I'm asking for support.", ["QUILLAN", "Mercedes"]),
    ("Name of child: SMITH, Mercedes (Y4)\nConcern: attendance.", ["SMITH", "Mercedes"]),
    ("I am worried this child is at risk of significant harm.\nMany thanks, Frost", ["Frost"]),
    # minutes that declare initials, nicknames in brackets, the public in lower case
    (("Attendees:\nMorag Quillan - Health Visitor (MQ)\nMr Peter Church - DSL (PC)\n"
      "PC: she told her teacher. PC advised no concerns. MQ to visit."), ["PC:", "PC advised", "MQ"]),
    ("Dean Vickers (DV) - Social Worker\nSian Parry (SPa) - Mum\nSPa said she feels safe.", ["SPa"]),
    ("Name: Karen Quillan (kaz)\nmessages like \"u think ur safe at ur mams kaz\"", ["kaz"]),
    ("Poppy is 6. me and stacey get on ok for poppys sake. i messaged stacey", ["poppys"]),
    ("the man at the flat everyone calls stevo drives a grey audi", ["stevo"]),
    ("i just want this closed.\nYour name: nat", ["nat"]),
    ("hi is this the right place. my name is mark quillan and my daughter is amber", ["mark"]),
    # a month that is a given name, email headers written "Surname, Given", a surname in capitals
    ("Parent: April Quillan (mum)\nApril works full time. April is supportive.", ["April"]),
    ("From: Baker, Will <w.baker@example.sch.uk>\nCc: Kent, Simon; s.kent@example.gov.uk\n",
     ["Will", "Kent"]),
    ("Marcus GOLD (DOB 03/03/1998) is linked to the line. GOLD said he drives.", ["GOLD"]),
    # addresses in any words before a postcode; Welsh and Gaelic schools
    ("Address: Bryn Awel, 6 Heol y Felin, Pontardawel SA18 4QE\n", ["Bryn Awel", "Heol y Felin", "Pontardawel"]),
    ("We live at Bay 14, Oakfield Park Travellers' Site, Millbridge MB9 2TT. Ring me.", ["Bay 14", "Oakfield"]),
    ("Address: Flat 2/1, 19 Craigpark Street, Glasgow G31 9XQ\n", ["2/1", "Craigpark"]),
    ("Tomos is starting at Ysgol Gymraeg Pen y Garth in September.", ["Pen y Garth"]),
    ("From the Head Teacher, Sgoil Allt an Fhèidh\n\nPupils: two", ["Allt an"]),
    # nicknames in quotes after a name; a family by its surname
    ('Two men, Patrick "Patsy" Quillan (41) and another, had fallen out. Patsy left.', ["Patsy"]),
    ('Child of concern: QUILLAN, Kwame aka "K-Dot" (15). K-Dot was seen.', ["Dot"]),
    ('The third is Kwame QUILLAN (15), saved as "kdot". Texts from "kdot" end 02/06.', ["kdot"]),
    ("I'm referring the Ward family who have been stopping on the old market.", ["Ward"]),
    ("husband Martin Quillan, known to everyone as Martineen; children Kathleen 11.", ["Martineen"]),
    ("Patsy's wife Nan McQuillan confirmed the account.", ["Nan McQuillan"]),
    # a family named by its surname in the plural, a name given as "nickname is", and
    # a name alone on the line after a sign-off written without its comma
    ("She has been staying with the Hendersons since Friday; the Patels or the Quinns drive.",
     ["Hendersons", "Patels", "Quinns"]),
    ("His nickname is Tank and he is 15. Child's surname is Quillan.", ["Tank", "Quillan"]),
    ("Please call me back.\n\nMany thanks\nAbi\n\nAbigail Quillan\nSocial Worker", ["Abi"]),
    ("Let me know.\nKind regards\nWill\nDeputy Headteacher", ["Will"]),
    # the other speakers of a pasted message thread in which one speaker is a found name
    ("I copied them:\n\nDrew: u good? need u tmrw\nMiles Quillan: ok\nMiles: cant\nDrew: u owe me.",
     ["Drew"]),
    # every word of what a name field holds, in lower case too
    ("Your name: liberty quillan\nYour age: 16\nmy dad grant quillan kicked me out", ["quillan"]),
    # a form's "School:" line names the school, and a school name stays on its line
    ("Name: Kai Quillan\nSchool: Millbrook\nReason: attendance", ["Kai", "Millbrook"]),
    # a doubled given name is one name, even when its half is a month abbreviation
    ("Jun-Jun is always clean and happy. The little ones, Jun-Jun and Bea, ran off.", ["Jun"]),
    # initials with a frequency adverb before their verb, and an age written as one token
    ("Seen at home.\nHC always presents as clean. KB often comes in hungry.", ["HC", "KB"]),
    ("KB sometimes babysits a cousin and wears glasses.", ["KB"]),
    ("I have concerns about DR (6yo) and Autumn (3yrs).", ["DR", "Autumn"]),
    # a surname after a first name the writer put in lower case, and one a form gives
    ("My dad gary wood came round. Child surname is kettle.", ["wood", "kettle"]),
    ("The teacher is\nSophie Lane\nand she rang.", ["Lane"]),
    # a romanised given name with a lower-case syllable after its hyphen
    ("Safety plan done with Ji-woo today. Her brother Xiao-long attends Year 5.", ["woo", "long"]),
    # a teacher's initial after a title, and a name after a possessive family word, as
    # young people type them in a chat with capitals elsewhere
    ("User: ellie said talk to miss w. so i do my brother kuba his tea.", ["miss w", "kuba"]),
    ("hey its akosua (kos) from the tues group", ["kos"]),
    # a letter that stands for someone the call notes named first
    (("Kaiden Quillan, 6, DOB 04/09/2018.\nK lives with mum. Dad collected K Sat and K's coat was wet."
      "\nK mob 07700 900457."), ["K lives", "collected K", "K's", "K mob"]),
    # a surname that is never a name alone, closing a first name
    ("Her dad, Steve Dear, picks her up. She said her name was Brandy Sergeant and that.",
     ["Dear", "Sergeant"]),
    # short forms of a found name, as families write them
    ("my sister stacey is 30. i messaged stace last night. her ex jonathan says jonno was out. Lily is 5, Lils is fine.",
     ["stace", "jonno", "Lils"]),
    # a bracketed short form that is a word; a possessive with no apostrophe before a family
    # word; a letter for a found name after a verb that acts on a person
    (("my nephew Brandon (Bran) is 14. Bran just wont listen. Summer Bell is 6. Summers dad is "
      "away. Mum Kirsty Hale is lovely, but I don't trust K one bit."), ["Bran", "Summers", "trust K"]),
    # initials before a verb of knowing; a Vietnamese given name before "and"
    ("Mum Nguyen Thi Thu, 19, gave birth.\nThu and the man have left. Zuzanna Wojcik yr8. AW knows.",
     ["Thu and", "AW"]),
    # a family is still a family; a child's age in brackets after "in"
    ("Referring the Ward family. She sleeps in Jade (6) room.", ["Ward", "Jade"]),
    # a spelling or a preferred name quoted after a cue
    ('Mum Harpreet Kaur (school records have "Harprit"). YP: LI, Wen (prefers "Wren"). Wren reports cutting.',
     ["Harprit", "Wren"]),
    # a young person's own name after "im" or "its"; a name after "grandad"; Dean with an ending
    ("User: salaam hi its rayhan im 13.\nUser: dont say it was me hell go mad. im tom", ["rayhan", "tom"]),
    ("incase its true. its summer, everyones out. im tom", ["tom"]),
    ("my grandad joby is proper upset. last sat dean passed out and we carried him to deano's", ["joby", "deano"]),
    # a full name given in a sentence; a child listed with a quoted nickname and an age
    ("the school gave me this email. my name is mark sterling and my daughter is amber", ["mark", "sterling"]),
    ('Family: mum Anush Grigoryan, Anahit "Ani" (11), Davit (16). Ani is fine.', ["Anahit", "Ani"]),
    # initials joined to initials already taken
    ("Karo was in the toilets with two yr 2 boys (LK and TD), he pulled down LK's trousers.", ["TD"]),
    # a name before its owner's email address; nicknames a form declares in brackets
    ("Giulia is well.\nAbi Tranter HV abi.tranter@portsmere-hc.nhs.uk", ["Abi", "Tranter"]),
    (('Name: Jose DELA CRUZ  DOB 14.02.2024  ("Migmig" at home)\nMigmig feeding well. '
      "Mateo QUISPE (home: Teo / Teíto). Teo likes school."), ["Migmig", "Teo", "Teíto"]),
    # romanised Korean given names whose first syllable is an English word
    ("My name is Park Min-jun. I live with my wife Lee Soo-jin and Do-yun (5).", ["Min", "jun", "Soo", "jin", "yun"]),
]


@pytest.mark.parametrize(("text", "kept"), KEPT)
def test_when_real_writing_shape_then_words_kept(
    redactor: Redactor, text: str, kept: list[str]
) -> None:
    redacted = redactor.redact(text).text
    for word in kept:
        assert word in redacted, (word, redacted)


@pytest.mark.parametrize(("text", "gone"), REDACTED)
def test_when_real_writing_shape_then_personal_data_redacted(
    redactor: Redactor, text: str, gone: list[str]
) -> None:
    redacted = redactor.redact(text).text
    for word in gone:
        assert word not in redacted, (word, redacted)


def test_when_superscript_digit_follows_a_word_then_redaction_does_not_fail(
    redactor: Redactor,
) -> None:
    # "²".isdigit() is true but int("²") fails: an age is decimal digits only
    assert redactor.redact("Ab ² said hi").text


def test_when_hyphenated_name_recurs_then_one_person_number(redactor: Redactor) -> None:
    text = "Ruby-Jo Ferguson (8) is at home. Ruby-Jo said mum was asleep. RJF is known to us."
    redacted = redactor.redact(text).text
    assert redacted.count("[PERSON_1]") == 3 and "[PERSON_2]" not in redacted
