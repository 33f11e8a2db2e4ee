"""The wheel carries the report templates: `pip install .` maps notebooks/ (the one copy of the
notebooks) to the package explorer.notebooks, and lists every package of explorer/."""
import tomllib

from conftest import ROOT


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_is_listed():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "explorer").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert sorted(_setuptools()["packages"]) == sorted(found | {"explorer.notebooks"})


def test_notebooks_ship_as_package_data():
    cfg = _setuptools()
    assert cfg["package-dir"] == {"explorer.notebooks": "notebooks"}
    assert cfg["package-data"]["explorer.notebooks"] == ["*.ipynb"]
    assert not (ROOT / "explorer" / "notebooks").exists()   # no second copy to drift

