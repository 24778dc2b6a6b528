"""Storage shared by the stages: the database, its tables and their migrations.

Serving writes suggestions and screeners' reviews here; annotation will read the reviews
back as training labels. Both stand on this package, so neither reaches into the other.
Only redacted text is ever stored: every text column holds what the shared redactor
returned, never what a user typed.
"""

from storage.database import Database, database_url, open_database
from storage.migrate import upgrade_to_head
from storage.tables import Base, Review, Role, SuggestionRecord, User

__all__ = [
    "Base", "Database", "Review", "Role", "SuggestionRecord", "User", "database_url",
    "open_database", "upgrade_to_head",
]
