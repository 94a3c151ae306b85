"""The package's imports run one way: cli → crawl → batch → extract → fetch → read → models → template.

A module may import from its own layer or any layer below it, never from one above; a test that
fails here names the import that reaches back up the flow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import linhai_scrape

PACKAGE = Path(linhai_scrape.__file__).parent

# Highest first. `resources` (where the bundled fixtures live) is a leaf any layer may use.
LAYERS = ["cli", "crawl", "batch", "extract", "fetch", "read", "models", "template", "resources"]
ENTRY_POINTS = {"__init__", "__main__"}  # they only re-export or start the CLI


def _layer(parts: list[str]) -> str:
    return parts[0]


def _module_parts(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return parts


def _imported(path: Path) -> list[tuple[int, list[str]]]:
    return _imports_of(_module_parts(path), path.read_text(encoding="utf-8"))


def _imports_of(own: list[str], source: str) -> list[tuple[int, list[str]]]:
    """(line, module path inside the package) of every import of the package in `source`."""
    package = own[:-1]
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = base + (node.module.split(".") if node.module else [])
                if not target:  # `from . import x`: x is a module or a name of the package root
                    target = [node.names[0].name]
            elif node.module and node.module.split(".")[0] == "linhai_scrape":
                target = node.module.split(".")[1:] or [node.names[0].name]
            else:
                continue
            found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "linhai_scrape":
                    found.append((node.lineno, alias.name.split(".")[1:]))
    return found


def test_imports_run_one_way() -> None:
    wrong: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = _module_parts(path)
        if parts[0] in ENTRY_POINTS:
            continue
        here = LAYERS.index(_layer(parts))
        for line, target in _imported(path):
            if target[0] in ENTRY_POINTS or target[0] == "__version__":
                continue
            there = LAYERS.index(_layer(target))
            if there < here:
                wrong.append(
                    f"{path.relative_to(PACKAGE)}:{line} imports {'.'.join(target)} (layer {LAYERS[there]} is above {LAYERS[here]})"
                )
    assert not wrong, "\n".join(wrong)


def test_every_module_has_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        parts = _module_parts(path)
        assert parts[0] in ENTRY_POINTS or parts[0] in LAYERS, f"{path}: no layer"


def test_the_walk_sees_imports_up_the_flow() -> None:
    # The walk itself must see a reaching-back import, or the test above could never fail.
    assert [t for _, t in _imports_of(["read", "tables"], "from ..crawl import crawl\n")] == [["crawl"]]
    assert [t for _, t in _imports_of(["read", "tables"], "from .numbers import fold\n")] == [
        ["read", "numbers"]
    ]
    assert [t for _, t in _imports_of(["read", "x"], "import linhai_scrape.cli\n")] == [["cli"]]
    assert any(t[0] == "template" for _, t in _imported(PACKAGE / "read" / "tables.py"))
