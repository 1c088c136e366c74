"""The stage order as a test: every import in ``src/newstally`` points down the layers.

The layers are the fenced ``layers`` block of ``docs/architecture.md`` (top first, one
layer a line, ``|`` between the packages that share a layer), so the picture a reader
meets and the rule this test keeps are the same text. A package imports only from its
own layer or below; within a layer, and between the modules of one package, imports form
no cycle. Every ``import`` counts: module-level, inside functions, under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "src" / "newstally"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# The package's own __init__ (the `newstally.extract` facade) is named by this unit.
ROOT_UNIT = "__init__"


@dataclass(frozen=True, slots=True)
class Import:
    """One import statement resolved to a module of the package."""

    path: str  # the importing file, from the package's parent directory
    line: int
    source: str  # dotted module name, e.g. "newstally.reconcile.notes"
    target: str  # dotted module (or package) name it imports

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.source} -> {self.target}"


def read_layers(text: str) -> list[list[str]]:
    """The layers of a ```` ```layers ```` block, bottom first."""
    found = re.search(r"^```layers\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    assert found, "no ```layers block"
    lines = [line.split("#")[0].strip() for line in found.group(1).splitlines()]
    return [[unit.strip() for unit in line.split("|")] for line in reversed(lines) if line]


def module_names(package_dir: Path) -> dict[str, Path]:
    """Dotted name -> file of every module under ``package_dir`` (packages by __init__)."""
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _resolve(base: str, level: int, name: str | None) -> str:
    """The absolute dotted name of ``from <level dots><name> import ...`` in package ``base``."""
    parts = base.split(".")
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, name] if name else parts)


def imports_of(path: Path, shown: str, module: str, known: set[str]) -> Iterator[Import]:
    """Every import in ``path`` (module ``module``) of a module in ``known``, with its line."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            origin = _resolve(package, node.level, node.module) if node.level else node.module
            if origin is None:
                continue
            # `from pkg import mod` imports the module pkg.mod when there is one.
            targets = [
                f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in known else origin
                for alias in node.names
            ]
        else:
            continue
        for target in dict.fromkeys(targets):
            # `import a.b.c` of a name that is not a module: its nearest enclosing module.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                yield Import(shown, node.lineno, module, target)


def all_imports(package_dir: Path) -> list[Import]:
    names = module_names(package_dir)
    found = []
    for module, path in names.items():
        shown = path.relative_to(package_dir.parent).as_posix()
        found.extend(imports_of(path, shown, module, set(names)))
    return found


def unit_of(module: str) -> str:
    """The top-level unit (subpackage or module) a dotted module name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT_UNIT


def upward_imports(imports: Sequence[Import], layers: Sequence[Sequence[str]]) -> list[str]:
    """Each import from a higher layer than the importer's, and each module in no layer."""
    level = {unit: height for height, layer in enumerate(layers) for unit in layer}
    problems = []
    for imp in imports:
        source, target = unit_of(imp.source), unit_of(imp.target)
        if source not in level or target not in level:
            missing = source if source not in level else target
            problems.append(f"{imp}: '{missing}' is in no layer of docs/architecture.md")
        elif level[target] > level[source]:
            problems.append(f"{imp}: upward import ({source} -> {target})")
    return problems


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The cycles of a directed graph, one per strongly connected component (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def import_cycles(imports: Sequence[Import]) -> list[str]:
    """Module cycles and package cycles, each with the imports that close it."""
    problems = []
    for name_of in (lambda module: module, unit_of):
        edges: dict[str, set[str]] = {}
        for imp in imports:
            source, target = name_of(imp.source), name_of(imp.target)
            if source != target:
                edges.setdefault(source, set()).add(target)
        for cycle in cycles(edges):
            members = set(cycle)
            closing = [
                str(imp)
                for imp in imports
                if name_of(imp.source) in members
                and name_of(imp.target) in members
                and name_of(imp.source) != name_of(imp.target)
            ]
            problems.append(f"import cycle {' <-> '.join(cycle)}:\n    " + "\n    ".join(closing))
    return problems


def layer_problems(package_dir: Path, layers: Sequence[Sequence[str]]) -> list[str]:
    imports = all_imports(package_dir)
    return upward_imports(imports, layers) + import_cycles(imports)


def test_imports_point_down_the_layers() -> None:
    layers = read_layers(ARCHITECTURE.read_text(encoding="utf-8"))
    problems = layer_problems(PACKAGE_DIR, layers)
    assert not problems, "\n".join(problems)


def test_every_layer_names_a_package_or_a_coming_one() -> None:
    layers = read_layers(ARCHITECTURE.read_text(encoding="utf-8"))
    units = [unit for layer in layers for unit in layer]
    assert len(units) == len(set(units)), "a unit is in two layers"
    present = {unit_of(module) for module in module_names(PACKAGE_DIR)}
    assert present <= set(units)


# A synthetic package: the checker must name each kind of offence it is there to catch.
SYNTHETIC = {
    "__init__.py": "",
    "model.py": "",
    "low/__init__.py": "from ..model import *\n",
    "low/a.py": "def f():\n    from .b import g\n",
    "low/b.py": "from . import a\n",
    "high/__init__.py": "from ..low import a\n",
    "high/c.py": "import pkg.model\n",
}


def _write(tmp_path: Path, files: dict[str, str]) -> Path:
    package_dir = tmp_path / "pkg"
    for name, text in files.items():
        (package_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (package_dir / name).write_text(text, encoding="utf-8")
    return package_dir


SYNTHETIC_LAYERS = [["model"], ["low"], ["high"], [ROOT_UNIT]]


def test_the_check_passes_a_downward_package(tmp_path: Path) -> None:
    files = dict(SYNTHETIC, **{"low/a.py": ""})
    assert layer_problems(_write(tmp_path, files), SYNTHETIC_LAYERS) == []


def test_the_check_names_an_upward_import_inside_a_function(tmp_path: Path) -> None:
    upward = "def f():\n    from .high import c\n"
    files = dict(SYNTHETIC, **{"low/a.py": "", "high/c.py": "", "model.py": upward})
    problems = layer_problems(_write(tmp_path, files), SYNTHETIC_LAYERS)
    assert problems[0] == "pkg/model.py:2: pkg.model -> pkg.high.c: upward import (model -> high)"
    # high imports low imports model: the upward import closes a package cycle as well.
    assert problems[1].startswith("import cycle high <-> low <-> model:")
    assert len(problems) == 2


def test_the_check_names_a_module_cycle_with_its_imports(tmp_path: Path) -> None:
    problems = layer_problems(_write(tmp_path, SYNTHETIC), SYNTHETIC_LAYERS)
    assert problems == [
        "import cycle pkg.low.a <-> pkg.low.b:\n"
        "    pkg/low/a.py:2: pkg.low.a -> pkg.low.b\n"
        "    pkg/low/b.py:1: pkg.low.b -> pkg.low.a"
    ]


def test_the_check_names_a_package_cycle_within_a_layer(tmp_path: Path) -> None:
    files = dict(SYNTHETIC, **{"low/a.py": "", "model.py": "from .low import b\n"})
    layers = [["model", "low"], ["high"], [ROOT_UNIT]]
    problems = layer_problems(_write(tmp_path, files), layers)
    assert len(problems) == 1 and problems[0].startswith("import cycle low <-> model:")
    assert "pkg/model.py:1: pkg.model -> pkg.low.b" in problems[0]


def test_the_check_names_a_module_in_no_layer(tmp_path: Path) -> None:
    files = dict(SYNTHETIC, **{"low/a.py": "", "extra.py": "from . import model\n"})
    problems = layer_problems(_write(tmp_path, files), SYNTHETIC_LAYERS)
    assert problems == [
        "pkg/extra.py:1: pkg.extra -> pkg.model: 'extra' is in no layer of docs/architecture.md"
    ]
