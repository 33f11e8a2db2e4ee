"""The attribution package's shape: no import cycles, and the tagger independent of the rules."""
from __future__ import annotations

import ast
from pathlib import Path

import explorer.extract.attribution as attribution

PKG = Path(attribution.__file__).parent


def _imports(path: Path) -> set[str]:
    """Sibling modules of the package that ``path`` imports at run time (``TYPE_CHECKING``
    blocks left out; imports inside functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
            and getattr(node.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(node)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.ImportFrom) or node.level != 1:
            continue
        if node.module:
            out.add(node.module.split(".")[0])
        else:
            out |= {a.name for a in node.names}
    return out


def _graph() -> dict[str, set[str]]:
    return {p.stem: _imports(p) for p in PKG.glob("*.py") if p.stem != "__init__"}


def test_no_import_cycle_inside_the_package():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(m: str, path: tuple[str, ...]) -> None:
        assert state.get(m) != 1, f"import cycle: {' -> '.join(path + (m,))}"
        if state.get(m) == 2:
            return
        state[m] = 1
        for n in sorted(graph.get(m, ())):
            visit(n, path + (m,))
        state[m] = 2

    for m in sorted(graph):
        visit(m, ())


def test_the_tagger_does_not_know_the_rules():
    def reach(m: str, seen: set[str]) -> set[str]:
        for n in _graph()[m] - seen:
            seen.add(n)
            reach(n, seen)
        return seen

    assert reach("tagger", set()) <= {"lexicon", "text"}
    assert "tagger" not in reach("rules", set())


def test_the_pipeline_imports_no_component():
    """Components register themselves when imported by name (``COMPONENT_MODULES``): the pipeline
    imports none of them, so they may import the pipeline without a cycle."""
    from explorer import pipeline
    tree = ast.parse(Path(pipeline.__file__).read_text(encoding="utf-8"))
    modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not [m for m in modules if m.startswith("extract")]
    assert "explorer.extract.attribution" in pipeline.COMPONENT_MODULES


def test_readme_lists_every_rule():
    """The README's table of rules is :func:`rules_markdown` (made from ``RULES``)."""
    from explorer.extract.attribution.rules import rules_markdown
    readme = (PKG.parents[2] / "README.md").read_text(encoding="utf-8")
    assert "\n".join("  " + line for line in rules_markdown().splitlines()) in readme
