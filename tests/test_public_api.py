"""The public API is exported once, documented, and present in the reference.

Public means: listed in the ``__all__`` of ``aftersales_core`` or of one of its
documented subpackages. Each such name must have a docstring (read with griffe,
the library mkdocstrings uses, so attribute docstrings count), and the module
that defines it must be rendered by a ``::: module`` directive in docs/reference.
"""

import importlib
import pkgutil
import re
from pathlib import Path

import griffe
import pytest

import aftersales_core

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference"
PUBLIC_PACKAGES = [
    "aftersales_core.cli",
    "aftersales_core.sample",
    "aftersales_core",
    "aftersales_core.metrics",
    "aftersales_core.care",
    "aftersales_core.config",
    "aftersales_core.testing",
]


def _existing(names):
    out = []
    for name in names:
        try:
            out.append(importlib.import_module(name))
        except ModuleNotFoundError:
            continue
    return out


def _public_modules():
    yield aftersales_core
    for info in pkgutil.walk_packages(aftersales_core.__path__, "aftersales_core."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def _rendered_paths():
    paths = set()
    for page in REFERENCE.glob("*.md"):
        paths.update(re.findall(r"^:::\s+([\w.]+)", page.read_text(encoding="utf-8"), re.M))
    return paths


def _public_names():
    for package in _existing(PUBLIC_PACKAGES):
        for name in package.__all__:
            yield package.__name__, name


def _isort_key(name):
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_every_public_module_has_a_sorted_all():
    for module in _public_modules():
        assert hasattr(module, "__all__"), module.__name__
        assert list(module.__all__) == sorted(module.__all__, key=_isort_key), module.__name__
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_each_name_is_exported_from_one_public_package():
    seen = {}
    for package, name in _public_names():
        obj = getattr(importlib.import_module(package), name)
        if isinstance(obj, type(aftersales_core)):
            continue
        key = id(obj)
        assert key not in seen or seen[key] == package, (
            f"{name} exported by {seen.get(key)} and {package}"
        )
        seen[key] = package


@pytest.fixture(scope="module")
def package_tree():
    return griffe.load("aftersales_core", search_paths=[str(ROOT / "src")])


def test_every_public_name_is_documented_and_in_the_reference(package_tree):
    rendered = _rendered_paths()
    missing_docs, missing_ref = [], []
    for package, name in _public_names():
        member = (
            package_tree[package.removeprefix("aftersales_core.")]
            if "." in package
            else package_tree
        )
        obj = member[name]
        target = obj.final_target if isinstance(obj, griffe.Alias) else obj
        if not (target.docstring and target.docstring.value.strip()):
            missing_docs.append(f"{package}.{name}")
        canonical = target.path
        if not any(canonical == p or canonical.startswith(p + ".") for p in rendered):
            missing_ref.append(canonical)
    assert not missing_docs, f"public names without a docstring: {missing_docs}"
    assert not missing_ref, f"public names missing from docs/reference: {missing_ref}"


def test_every_public_class_and_function_has_an_example(package_tree):
    lacking = []
    for package, name in _public_names():
        member = (
            package_tree[package.removeprefix("aftersales_core.")]
            if "." in package
            else package_tree
        )
        obj = member[name]
        target = obj.final_target if isinstance(obj, griffe.Alias) else obj
        if (
            target.kind in (griffe.Kind.CLASS, griffe.Kind.FUNCTION)
            and ">>>" not in target.docstring.value
        ):
            lacking.append(target.path)
    assert not lacking, f"public classes/functions without an Examples doctest: {lacking}"
