"""The checks every command makes on an input file, before any heavy import or work.

``validate``, ``redact``, ``train``, ``evaluate`` and ``promote`` all read referral
files. A user who hands one of them an empty file, a folder, a file with one bad line
or a byte-order mark must get the same answer from each: one line naming the file
(and the line, the field and the reason when a record is at fault), in well under a
second, and no output left behind from this run or an earlier one.
"""

from __future__ import annotations

from pathlib import Path

from referrals.contract import ReadResult, detect_format, read_referrals
from referrals.errors import ContractError
from referrals.labels import LabelScheme

REJECTS_SUFFIX = ".rejects.jsonl"


def check_file(path: str | Path, *, wanted: str = "a file", empty: str = "") -> Path:
    """The path as an existing, non-empty file, or a ContractError with the one-line reason.

    ``wanted`` names what to give instead of a directory; ``empty`` adds to the empty-file line.
    """
    file_path = Path(path)
    if file_path.is_dir():
        raise ContractError(f"{file_path}: is a directory; give {wanted}")
    if not file_path.is_file():
        raise ContractError(f"{file_path}: file not found")
    if file_path.stat().st_size == 0:
        raise ContractError(f"{file_path}: file is empty{empty}")
    return file_path


def check_readable(path: str | Path) -> Path:
    """The path as a referral file we can read, or the one-line reason it is not.

    Only cheap file-system checks: it exists, it is a file, its suffix names a format
    we read, and it is not empty.
    """
    file_path = Path(path)
    if file_path.is_file():
        detect_format(file_path)
    return check_file(file_path, wanted="a .jsonl or .csv file", empty="; no referrals to read")


def rejects_beside(output: str | Path) -> Path:
    """Where the refused records of a run that writes ``output`` are listed."""
    target = Path(output)
    return target.with_name(target.name + REJECTS_SUFFIX)


def read_checked(
    path: str | Path,
    scheme: LabelScheme | None,
    *,
    skip_bad: bool = False,
    rejects_path: str | Path | None = None,
) -> ReadResult:
    """Read and validate a whole file the way every command does.

    A rejects file from an earlier run is removed first, so it can never sit beside
    this run's outputs describing records this run did not refuse. A file whose every
    record is bad, or that holds no record at all, is an error even with ``skip_bad``:
    training or evaluating on nothing is never what was meant.
    """
    if rejects_path is not None:
        Path(rejects_path).unlink(missing_ok=True)
    file_path = check_readable(path)
    result = read_referrals(file_path, scheme, skip_bad=skip_bad, rejects_path=rejects_path)
    if not result.referrals:
        if result.problems:
            raise ContractError(f"{result.problems[0]}; no valid referral in the file", result.problems)
        raise ContractError(f"{file_path}: holds no referrals (only blank lines)")
    return result
