"""Domain errors. Each carries a one-line message fit to show a user (the CLI prints it)."""


class TriageError(Exception):
    """Base of every error the CLI reports as a one-line message instead of a traceback."""


class SchemeError(TriageError):
    """The label scheme file is missing or invalid."""


class SchemeMismatchError(TriageError):
    """A model was trained under a different label scheme than the one loaded now."""


class ContractError(TriageError):
    """A referral file breaks the data contract; ``problems`` lists every one found."""

    def __init__(self, message: str, problems: list["RecordProblem"] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class RecordProblem:
    """One bad record: where it is and why it was refused."""

    def __init__(self, path: str, line: int, field: str, reason: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.reason}"

    def __repr__(self) -> str:
        return f"RecordProblem({self!s})"


class ConfigError(TriageError):
    """A configuration file is missing or invalid (names the file and the key)."""


class RedactionError(TriageError):
    """Redaction could not be completed; the text must not be passed on."""


class ArtifactIntegrityError(TriageError):
    """A model artifact failed its hash check and was not loaded."""
