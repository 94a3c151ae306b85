"""The registry of check codes (read/checkcodes) against the code that builds checks and README.

Every ``Check(...)`` in the package is found with ``ast``; its code and severity are read from the
literals it is built with (a string, a module constant, a local set from literals, ``a if c else b``,
or an identity's code). A check built in a way this cannot read fails here too, so that no check
escapes the registry.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, get_args

import linhai_scrape
from linhai_scrape.models import CheckCode
from linhai_scrape.read.checkcodes import CHECK_CODES, markdown_table, readme_table
from linhai_scrape.template import IDENTITIES

PACKAGE = Path(linhai_scrape.__file__).parent
README = PACKAGE.parent / "README.md"

# Checks rebuilt from what was stored, not raised: (module, code expression).
REBUILT = {("crawl/store.py", "r[0]")}
IDENTITY_CODE = "identity.code"  # read/checks.verify: the failing identity's code


class Built(NamedTuple):
    """One ``Check(...)`` call: where it is, and the (code, severity) pairs it can build."""

    where: str
    pairs: set[tuple[str, str]]


def _literals(node: ast.expr) -> list[str] | None:
    """The strings an expression of literals can be: "x", or "x" if c else "y"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _assigned(scope: ast.AST, name: str) -> list[dict[str, ast.expr]]:
    """Every assignment to ``name`` in ``scope``, as the names the same statement assigns and their
    values (``code, severity = "a", "info"`` gives {"code": "a", "severity": "info"})."""
    found: list[dict[str, ast.expr]] = []
    # a module's own statements only: another function's locals are not the module's constants
    for node in scope.body if isinstance(scope, ast.Module) else ast.walk(scope):
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            names: dict[str, ast.expr] = {}
            if isinstance(target, ast.Name) and value is not None:
                names[target.id] = value
            elif isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                names = {
                    t.id: v for t, v in zip(target.elts, value.elts, strict=True) if isinstance(t, ast.Name)
                }
            if name in names:
                found.append(names)
    return found


def _statements(name: str, scopes: list[ast.AST]) -> list[dict[str, ast.expr]]:
    """The assignments that give ``name`` its value: the innermost function's that assigns it, else
    the module's constants; none for a function's parameter (its value comes from the caller)."""
    for scope in scopes:
        if found := _assigned(scope, name):
            return found
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) and name in {
            a.arg for a in (*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs)
        }:
            return []
    return []


def _pairs(call: ast.Call, scopes: list[ast.AST]) -> set[tuple[str, str]] | None:
    """The (code, severity) pairs a ``Check(...)`` call builds, or None when they cannot be read."""
    kw = {k.arg: k.value for k in call.keywords if k.arg is not None}
    code, severity = kw.get("code"), kw.get("severity")
    if code is None or severity is None:
        return None
    if ast.unparse(code) == IDENTITY_CODE:
        codes = {i.code for i in IDENTITIES}
        severities = _literals(severity)
        return None if severities is None else {(c, s) for c in codes for s in severities}
    codes_and_severities = [(code, severity)]
    if isinstance(code, ast.Name):
        statements = _statements(code.id, scopes)
        if not statements:
            return None
        codes_and_severities = [
            (
                names[code.id],
                names[severity.id] if isinstance(severity, ast.Name) and severity.id in names else severity,
            )
            for names in statements
        ]
    out: set[tuple[str, str]] = set()
    for code_node, severity_node in codes_and_severities:
        codes, severities = _literals(code_node), _literals(severity_node)
        if codes is None or severities is None:
            return None
        out |= {(c, s) for c in codes for s in severities}
    return out


def _checks_built() -> Iterator[tuple[str, Built | None, str]]:
    """Every ``Check(...)`` call of the package: (module, what it builds or None, source)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        yield from _calls(module, tree, [tree])


def _calls(module: str, node: ast.AST, scopes: list[ast.AST]) -> Iterator[tuple[str, Built | None, str]]:
    for child in ast.iter_child_nodes(node):
        inner = [child, *scopes] if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scopes
        if isinstance(child, ast.Call) and (
            (isinstance(child.func, ast.Name) and child.func.id == "Check")
            or (isinstance(child.func, ast.Attribute) and child.func.attr == "Check")
        ):
            code = next((k.value for k in child.keywords if k.arg == "code"), None)
            if code is None or (module, ast.unparse(code)) not in REBUILT:
                pairs = _pairs(child, inner)
                where = f"{module}:{child.lineno}"
                yield module, None if pairs is None else Built(where, pairs), ast.unparse(child)[:120]
        elif (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and isinstance(child.func.value, ast.Name)
            and child.func.value.id == "Check"
        ):
            yield module, None, ast.unparse(child)[:120]  # Check.model_validate(...) and the like
        yield from _calls(module, child, inner)


def test_every_check_is_built_from_literals_the_test_can_read() -> None:
    unread = [f"{module}: {source}" for module, built, source in _checks_built() if built is None]
    assert not unread, "cannot tell the code and severity of:\n" + "\n".join(unread)


def test_codes_built_are_the_codes_registered() -> None:
    built = {code for _, b, _ in _checks_built() if b is not None for code, _ in b.pairs}
    registered = set(CHECK_CODES)
    assert built - registered == set(), "built but not registered in read/checkcodes.CHECK_CODES"
    assert registered - built == set(), "registered but never built"


def test_the_registry_holds_exactly_the_codes_of_the_type() -> None:
    assert list(CHECK_CODES) == list(dict.fromkeys(CHECK_CODES))
    assert set(CHECK_CODES) == set(get_args(CheckCode))


def test_checks_are_built_with_a_registered_severity() -> None:
    wrong = [
        f"{b.where}: {code} as {severity}, registered as {' or '.join(CHECK_CODES[code].severities)}"
        for _, b, _ in _checks_built()
        if b is not None
        for code, severity in sorted(b.pairs)
        if code in CHECK_CODES and severity not in CHECK_CODES[code].severities
    ]
    assert not wrong, "\n".join(wrong)


def test_descriptions_are_one_table_cell() -> None:
    for code, spec in CHECK_CODES.items():
        assert spec.description and "|" not in spec.description and "\n" not in spec.description, code


def test_readme_table_is_the_generated_one() -> None:
    readme = README.read_text(encoding="utf-8")
    span = readme_table(readme)
    assert span is not None, "README has no table of checks"
    assert readme[span[0] : span[1]] == markdown_table(), (
        "README's table of checks differs from the registry: "
        "run python -m linhai_scrape.read.checkcodes --update-readme"
    )
