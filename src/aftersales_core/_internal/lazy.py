"""Lazy public names for a package: import a module only when one of its names is used.

``import aftersales_core`` should cost little more than pendulum and attrs, yet the top level
re-exports about a hundred names from every floor. A package lists where each of its names is
defined; `attach` gives it a module ``__getattr__`` (PEP 562) that imports the defining module
on first use and keeps the value, so later lookups are plain attribute reads. The same names
are imported under ``TYPE_CHECKING`` for type checkers and for griffe, which read them
statically.

Examples:
    >>> import types
    >>> package = types.ModuleType("demo")
    >>> getattr_, dir_ = attach(package, {"dedent": "textwrap", "Dedent": ("textwrap", "dedent")})
    >>> getattr_("dedent")("  x")
    'x'
    >>> package.dedent is getattr_("Dedent")
    True
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'demo' has no attribute 'nothing'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import ModuleType

__all__ = ["attach"]

Where = str | tuple[str, str]
"""A module (relative to the package, or absolute) holding the same name, or (module, name)."""


def attach(
    package: ModuleType, names: Mapping[str, Where]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package`` that resolve ``names`` on first use."""
    table = {key: (where, key) if isinstance(where, str) else where for key, where in names.items()}

    def __getattr__(name: str) -> object:
        try:
            module_name, attribute = table[name]
        except KeyError:
            raise AttributeError(f"module {package.__name__!r} has no attribute {name!r}") from None
        module = importlib.import_module(module_name, package.__name__)
        value = getattr(module, attribute)
        setattr(package, name, value)  # later lookups never reach __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(package)) | set(table))

    return __getattr__, __dir__
