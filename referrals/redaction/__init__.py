"""Personal-data redaction for referral narratives (presidio-analyzer + spaCy, UK social care).

Everything a narrative passes through on its way to training, serving or a report:
``redact(text)`` for one text with the shipped defaults, ``build_redactor(path)`` for a
reusable :class:`Redactor`, ``redact_file`` for a whole JSONL/CSV file with a manifest.
"""

from referrals.redaction.engine import RedactionResult, Redactor, build_redactor, redact

__all__ = ["RedactionResult", "Redactor", "build_redactor", "redact"]
