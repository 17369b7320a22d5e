"""Frozen records made from rows read in bulk, without their ``__init__``.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``: for a page of
50 search results that is a fifth of the search's time. :func:`record_maker` fills the
instance's ``__dict__`` at once instead, from values named by the caller (a query's columns,
in their order); every other field takes its default, so a record can gain a field with a
default without any query changing. The records stay ordinary dataclasses: everywhere else
they are made by calling them.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


def record_maker(cls: type[T], names: Sequence[str]) -> Callable[[Iterable[Any]], T]:
    """A function making a ``cls`` from the values of its fields ``names``, in that order.

    Refused (TypeError, when the module using it is imported) for what the shortcut would get
    wrong: not a dataclass, a ``__post_init__`` or ``__slots__``, a name that is not a field, a
    field neither named nor with a default.
    """
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: only a dataclass without __post_init__ or __slots__ is made so")
    fields = {field.name: field for field in dataclasses.fields(cls)}
    unknown = [name for name in names if name not in fields]
    if unknown or len(set(names)) != len(names):
        raise TypeError(f"{cls.__name__}: {unknown or 'a repeated name'} is not one of its fields once")
    rest = [field for name, field in fields.items() if name not in names]
    missing = [f.name for f in rest if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise TypeError(f"{cls.__name__}: {', '.join(missing)} has no default and is not among the values")
    defaults = {f.name: f.default for f in rest if f.default is not dataclasses.MISSING}
    factories = [(f.name, f.default_factory) for f in rest if f.default_factory is not dataclasses.MISSING]
    names = tuple(names)
    new = object.__new__

    def make(values: Iterable[Any]) -> T:
        made = new(cls)
        state = made.__dict__
        if defaults:
            state.update(defaults)
        state.update(zip(names, values, strict=True))
        for name, factory in factories:
            state[name] = factory()
        return made

    return make


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector held off while thousands of records are made. They hold no cycles,
    yet each 700 new objects start a collection, and now and then one of every object the process
    holds (130 ms once among a listing's 100, with 120,000 objects held). Left as it was found,
    also when making them fails."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
