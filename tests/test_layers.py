"""The house rule, read from the source: stages stand side by side on shared rooms below them.

Every ``import`` and ``from ... import`` in a package, at module level or inside a
function, is read with ``ast``; a stage that reached into another stage (even lazily)
or a lower room that reached up would fail here, before it grows into a tangle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

STAGES = ("training", "evaluation", "serving", "annotation")
TOP = ("triage",)

FORBIDDEN: dict[str, tuple[str, ...]] = {
    # the core: label scheme, contract, redaction, settings, labelled data
    "referrals": ("models", "tracking", "scoring", *STAGES, *TOP),
    # model code: no stage, no MLflow plumbing, no scoring
    "models": ("tracking", "scoring", *STAGES, *TOP),
    # shared plumbing below the stages
    "scoring": ("models", "tracking", *STAGES, *TOP),
    "tracking": ("scoring", *STAGES, *TOP),
    # the database shared by serving and annotation: tables, migrations, users, reviews
    "storage": ("models", "tracking", "scoring", *STAGES, *TOP),
    # shared web plumbing (login, roles, CSRF, page shell) for the stages that have pages
    "web": ("models", "tracking", "scoring", *STAGES, *TOP),
    **{stage: tuple(other for other in (*STAGES, *TOP) if other != stage) for stage in STAGES},
}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """Top-level package names a module imports, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add((node.module.split(".")[0], node.lineno))
    return found


def violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """``file:line imports X`` for each import of a forbidden package."""
    broken = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name, line in sorted(imported_packages(path)):
            if name in forbidden:
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return broken


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_nothing_above_or_beside_it(package: str) -> None:
    assert (ROOT / package / "__init__.py").is_file(), f"{package} is not a package"
    assert violations(package, FORBIDDEN[package]) == []


def test_the_reader_sees_lazy_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from evaluation.run import evaluate\n    import training.cli\n")
    assert {name for name, _ in imported_packages(module)} == {"evaluation", "training"}


def test_the_cli_at_the_top_imports_every_stage_with_commands() -> None:
    """The console script imports the stages' commands directly: a missing one is an error."""
    names = {name for name, _ in imported_packages(ROOT / "triage" / "cli.py")}
    assert {"training", "evaluation", "serving", "referrals"} <= names
