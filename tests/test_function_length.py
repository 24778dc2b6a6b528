"""No function over 80 lines: long functions hide several jobs (issue 9).

Every function and method in the product packages is measured with ``ast`` from its
``def`` line (decorators excluded) to its last line. Functions already over the limit
in packages still being shrunk are listed by name below, so this test passes now and
fails when a new long function appears or a listed one grows past its recorded length;
delete an entry once its function is split.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 80
PACKAGES = ("referrals", "models", "tracking", "scoring", "training", "evaluation",
            "serving", "storage", "annotation", "triage")

KNOWN_OFFENDERS: dict[str, int] = {
    # "file:qualified.name": its length when listed. Owners shrink these; none may be added.
}


def function_lengths(path: Path, root: Path = ROOT) -> dict[str, int]:
    """``file:Class.function`` -> lines, for every function (nested ones too) in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    relative = path.relative_to(root).as_posix()
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                lengths[f"{relative}:{name}"] = (child.end_lineno or child.lineno) - child.lineno + 1
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return lengths


def long_functions(packages: tuple[str, ...] = PACKAGES) -> dict[str, int]:
    """Every function over MAX_LINES in the packages that exist."""
    found: dict[str, int] = {}
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            found.update({name: lines for name, lines in function_lengths(path).items()
                          if lines > MAX_LINES})
    return found


def test_no_new_function_over_the_limit() -> None:
    new = {name: lines for name, lines in long_functions().items()
           if name not in KNOWN_OFFENDERS}
    assert new == {}, f"functions over {MAX_LINES} lines (split them into their jobs): {new}"


def test_listed_offenders_do_not_grow_and_are_removed_once_fixed() -> None:
    found = long_functions()
    grown = {name: (KNOWN_OFFENDERS[name], found[name]) for name in KNOWN_OFFENDERS
             if name in found and found[name] > KNOWN_OFFENDERS[name]}
    fixed = sorted(name for name in KNOWN_OFFENDERS if name not in found)
    assert grown == {}, f"listed long functions grew (listed, now): {grown}"
    assert fixed == [], f"no longer over {MAX_LINES} lines; delete from KNOWN_OFFENDERS: {fixed}"


def test_evaluation_has_no_allowance() -> None:
    assert not [name for name in KNOWN_OFFENDERS if name.startswith("evaluation/")]


def test_the_measure_counts_methods_and_nested_functions(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    source = f"class A:\n    def long(self):\n    {body.replace(chr(10), chr(10) + '    ')}\n"
    source += "def outer():\n    def inner():\n        return 1\n    return inner\n"
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    lengths = function_lengths(path, root=tmp_path)
    assert lengths["probe.py:A.long"] == MAX_LINES + 1
    assert lengths["probe.py:outer.inner"] == 2


if __name__ == "__main__":  # print the current offenders: python tests/test_function_length.py
    for name, lines in sorted(long_functions().items()):
        print(f"{lines:4d}  {name}")
