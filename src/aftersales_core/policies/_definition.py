"""The rules a policy class must follow, checked when the class is defined (private to base).

A concrete policy declares a ``kind`` and ``handles``, implements ``assess`` and ``describe``,
leaves ``decide`` alone, and keeps the signature of every hook it overrides. `problems`
lists what a class breaks; `Policy.__init_subclass__` raises them as one
`PolicyDefinitionError`.
"""

from __future__ import annotations

import inspect
import re
import types
from collections.abc import Iterable
from typing import Any

from ..vocabulary import ClaimKind

__all__ = ["problems"]

_KIND = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")


def _positional_count(func: Any) -> int:
    params = inspect.signature(func).parameters.values()
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in params if p.kind in kinds)


def _arguments(func: Any) -> str:
    return (
        "("
        + ", ".join(
            str(p.replace(annotation=p.empty)) for p in inspect.signature(func).parameters.values()
        )
        + ")"
    )


def _check_hook(cls: type, name: str) -> str | None:
    origin = next(base for base in reversed(cls.__mro__) if name in vars(base))
    original = vars(origin)[name]
    override = inspect.getattr_static(cls, name)
    if not isinstance(override, types.FunctionType):
        return f"hook {name} must be a method, not {override!r}"
    if origin is cls:
        return None
    try:
        inspect.signature(override).bind(*([None] * _positional_count(original)))
    except TypeError:
        return (
            f"hook {name}{_arguments(override)} must accept the arguments of "
            f"{origin.__name__}.{name}{_arguments(original)}"
        )
    return None


def problems(cls: type, abstract: bool, base: type) -> Iterable[str]:
    """What is wrong with the policy class ``cls`` (nothing for a sound one).

    Args:
        cls: The class being defined.
        abstract: Whether it is an intermediate base (no kind or implementation required).
        base: The root policy class, whose ``assess`` and ``describe`` a concrete class replaces.
    """
    if "decide" in vars(cls):
        yield "overrides decide(); override assess() or one of the hooks instead"
    kind = getattr(cls, "kind", None)
    if (kind is not None or not abstract) and not (isinstance(kind, str) and _KIND.fullmatch(kind)):
        yield (
            f"kind must be lower-case words joined by '_' and '.' (e.g. 'acme.gold_returns'), "
            f"not {kind!r}"
        )
    handles = getattr(cls, "handles", None)
    if not isinstance(handles, frozenset) or not all(isinstance(k, ClaimKind) for k in handles):
        yield f"handles must be a frozenset of ClaimKind, not {handles!r}"
    if not abstract:
        for method in ("assess", "describe"):
            if getattr(cls, method) is getattr(base, method):
                yield f"does not implement {method}()"
    hooks = getattr(cls, "hooks", ())
    if not isinstance(hooks, tuple) or not all(isinstance(h, str) for h in hooks):
        yield f"hooks must be a tuple of method names, not {hooks!r}"
        return
    for name in hooks:
        if not hasattr(cls, name):
            yield f"lists hook {name!r} but has no such method"
            continue
        problem = _check_hook(cls, name)
        if problem is not None:
            yield problem
