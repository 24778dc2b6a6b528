"""Personal-data entity types shared by the generator (gold spans) and the redactor.

Names follow presidio's UPPER_SNAKE style. Gold spans from the generator and spans
found by the redactor use the same vocabulary so evaluation compares like with like.
"""

PERSON = "PERSON"
ADDRESS = "ADDRESS"
POSTCODE = "UK_POSTCODE"
PHONE = "PHONE_NUMBER"
EMAIL = "EMAIL_ADDRESS"
URL = "URL"
SOCIAL_HANDLE = "SOCIAL_HANDLE"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
DATE = "DATE"
NHS_NUMBER = "UK_NHS"
NI_NUMBER = "UK_NINO"
VEHICLE_REGISTRATION = "UK_VEHICLE_REGISTRATION"
SCHOOL_NAME = "SCHOOL_NAME"
GP_PRACTICE = "GP_PRACTICE"
CASE_REFERENCE = "CASE_REFERENCE"

ALL_TYPES = (
    PERSON, ADDRESS, POSTCODE, PHONE, EMAIL, URL, SOCIAL_HANDLE, DATE_OF_BIRTH, DATE,
    NHS_NUMBER, NI_NUMBER, VEHICLE_REGISTRATION, SCHOOL_NAME, GP_PRACTICE, CASE_REFERENCE,
)

NAME_ORIGINS = (
    "english", "irish", "polish", "romanian", "south_asian", "somali", "nigerian",
    "ghanaian", "caribbean", "arabic", "chinese", "vietnamese", "traveller",
)
"""Origins a generated person name records, so recall can be audited across them."""
