"""One public-API rule: every public name has exactly one documented home.

A *home* is the top-level package, one of the top-level value modules, or one of the
documented subpackages below (`HOMES`). Every public object is listed in the ``__all__`` of
exactly one home; the top level may re-export it as well (the names DESIGN.md's API sketch
shows). A public (non-underscore) module that is not a home only defines names: each name in
its ``__all__`` is re-exported by the home that contains it, so no name is exported from an
undocumented path. Every such name has a docstring with an example and is rendered in
docs/reference (read with griffe, the library mkdocstrings uses), and the docs import only
from homes.
"""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import griffe
import pytest

import aftersales_core

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference"
TOP = "aftersales_core"
HOMES = [
    TOP,
    *(
        f"{TOP}.{name}"
        for name in (
            "errors",
            "money",
            "terms",
            "vocabulary",
            "facts",
            "surveys",
            "bands",
            "calendar",
            "tickets",
            "sla",
            "policies",
            "commitment",
            "care",
            "metrics",
            "config",
            "sample",
            "store",
            "cli",
            "testing",
            "testing.calendars",
            "testing.care",
            "testing.commitments",
            "testing.policies",
            "testing.strategies",
            "testing.tickets",
        )
    ),
]
IMPORT = re.compile(r"^\s*(?:>>>\s+|\.\.\.\s+)?from\s+(aftersales_core[\w.]*)\s+import\b", re.M)


def _public_modules():
    yield aftersales_core
    for info in pkgutil.walk_packages(aftersales_core.__path__, f"{TOP}."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def _home_of(module_name):
    return max((h for h in HOMES if module_name == h or module_name.startswith(h + ".")), key=len)


def _exports():
    """(home, name, object) for every name a home exports (modules excluded)."""
    for home in HOMES:
        module = importlib.import_module(home)
        for name in module.__all__:
            value = getattr(module, name)
            if not isinstance(value, type(aftersales_core)):
                yield home, name, value


def _isort_key(name):
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_every_home_is_a_real_public_module():
    public = {module.__name__ for module in _public_modules()}
    assert set(HOMES) <= public


def test_every_public_module_has_a_sorted_all_of_names_it_has():
    for module in _public_modules():
        assert hasattr(module, "__all__"), module.__name__
        assert list(module.__all__) == sorted(module.__all__, key=_isort_key), module.__name__
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_each_public_object_has_exactly_one_home_besides_the_top_level():
    homes: dict[int, set[str]] = {}
    names: dict[int, str] = {}
    for home, name, value in _exports():
        homes.setdefault(id(value), set()).add(home)
        names[id(value)] = name
    twice = {names[k]: sorted(h) for k, h in homes.items() if len(h - {TOP}) > 1}
    assert twice == {}, f"exported by more than one home: {twice}"
    # A name shown at the top level is at home somewhere below it too.
    homeless = sorted(names[k] for k, h in homes.items() if h == {TOP})
    assert homeless == [], f"exported only from the top level: {homeless}"


def test_no_public_module_exports_a_name_its_home_does_not():
    undocumented = []
    for module in _public_modules():
        if module.__name__ in HOMES:
            continue
        home = importlib.import_module(_home_of(module.__name__))
        for name in module.__all__:
            if name not in home.__all__ or getattr(home, name) is not getattr(module, name):
                undocumented.append(f"{module.__name__}.{name} (home {home.__name__})")
    assert undocumented == [], f"exported from an undocumented path: {undocumented}"


def test_the_top_level_imports_no_subpackage_until_a_name_is_used():
    code = (
        "import sys, aftersales_core\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('aftersales_core.')"
        " and not m.startswith('aftersales_core._internal'))\n"
        "assert loaded == [], loaded\n"
        "assert 'pendulum' not in sys.modules\n"
        "aftersales_core.Money\n"
        "assert 'aftersales_core.money' in sys.modules\n"
        "assert 'aftersales_core.policies' not in sys.modules\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_top_level_name_resolves_and_is_listed():
    # dir() lists the lazy names before any is used (a fresh interpreter, so none is cached).
    code = "import aftersales_core as a; missing = set(a.__all__) - set(dir(a)); assert not missing, missing"
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        _ = aftersales_core.nothing_here


def _doc_files():
    yield ROOT / "README.md"
    yield from sorted((ROOT / "docs").rglob("*.md"))
    yield from sorted((ROOT / "examples").rglob("*.py"))


def test_the_docs_and_examples_import_only_from_homes():
    strays = []
    for path in _doc_files():
        for match in IMPORT.finditer(path.read_text(encoding="utf-8")):
            if match.group(1) not in HOMES:
                strays.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert strays == [], f"docs importing from a module that is not a home: {strays}"


def test_public_doctests_import_only_from_homes():
    strays = []
    for module in _public_modules():
        source = Path(module.__file__).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and ">>>" in node.value
            ):
                for match in IMPORT.finditer(node.value):
                    if match.group(1) not in HOMES:
                        strays.append(f"{module.__name__}: {match.group(1)}")
    assert strays == [], f"public examples importing from a module that is not a home: {strays}"


# --- documented and in the reference ------------------------------------------------------


def _rendered_paths():
    paths = set()
    for page in REFERENCE.glob("*.md"):
        paths.update(re.findall(r"^:::\s+([\w.]+)", page.read_text(encoding="utf-8"), re.M))
    return paths


@pytest.fixture(scope="module")
def package_tree():
    return griffe.load(TOP, search_paths=[str(ROOT / "src")])


def _griffe_targets(package_tree):
    for home, name, _value in _exports():
        member = package_tree[home.removeprefix(f"{TOP}.")] if "." in home else package_tree
        obj = member[name]
        yield home, name, (obj.final_target if isinstance(obj, griffe.Alias) else obj)


def test_every_public_name_is_documented_and_in_the_reference(package_tree):
    rendered = _rendered_paths()
    missing_docs, missing_ref = [], []
    for home, name, target in _griffe_targets(package_tree):
        if not (target.docstring and target.docstring.value.strip()):
            missing_docs.append(f"{home}.{name}")
        canonical = target.path
        if not any(canonical == p or canonical.startswith(p + ".") for p in rendered):
            missing_ref.append(canonical)
    assert not missing_docs, f"public names without a docstring: {missing_docs}"
    assert not missing_ref, f"public names missing from docs/reference: {missing_ref}"


def test_every_public_class_and_function_has_an_example(package_tree):
    lacking = [
        target.path
        for _home, _name, target in _griffe_targets(package_tree)
        if target.kind in (griffe.Kind.CLASS, griffe.Kind.FUNCTION)
        and ">>>" not in target.docstring.value
    ]
    assert not lacking, f"public classes/functions without an Examples doctest: {lacking}"
