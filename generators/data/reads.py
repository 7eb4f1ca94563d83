"""Reading the published view while noting what was read: what a page depends on.

A block sees the published view through a proxy (`Reads.view`) that passes every read through
and notes its path (`mentors[3].person.team`) and what it found there; a figure the view does
not hold is asked for with `Reads.derived(function, *args)` and noted by the function's name,
its arguments and its result. Nothing is declared: whatever a block, its helpers or its
template read is what the page depends on.

What a page read is kept as its paths and one digest of the values found. Reading the same
paths in a new view (`Sources.digest`) gives the same digest exactly when every value the page
saw is unchanged, so the page is read again only then (early cut-off): an edit that changes
nothing a page showed, such as a comment or a field of someone who is not named, leaves it
alone. The argument is the one incremental compilers make: a block is a function of what it
read, so the same reads give the same page.

Values are noted at the grain they are read: a leaf (text, a number, a date, a tuple of
those) by its value; a record, list or mapping by its type, then its fields, length, items
and keys as they are read. What the proxy cannot follow (an operator on a whole record, a
list handed to code that wants the real thing) is done on the real value, noted whole, so
nothing read goes unnoted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar, cast

#: One step of a path: an attribute's name, an index, or a tagged tuple (`_CALL`, ...).
Step = Hashable
Path = tuple[Step, ...]
#: A page's reads: its paths in the order first read, and the digest of what they held.
Recorded = tuple[tuple[Path, ...], str]

T = TypeVar("T")

_LEAVES = (str, int, float, bool, bytes, date, Decimal, Enum, type(None))
#: Tags of the steps that are not attribute names or indexes.
_KEY, _IN, _CALL, _LEN, _KEYS, _ALL, _DERIVED = "[]", "in", "()", "len", "keys", "all", "fn"
#: Read errors a block may catch and act on: a failed read is a value too.
_READ_ERRORS = (AttributeError, LookupError, TypeError, ValueError)


class _Missing:
    """What a path holds when it holds nothing (an index past the end, say)."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


class _Raised:
    """A derived figure whose function raised: the error is its value."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"<raised {type(self.error).__qualname__}: {self.error}>"


class Sources:
    """Where paths are read: the published view, and the checked program for derived figures.

    `program` is a function, called only when a derived figure needs the program. Values are
    remembered by path, so a path many pages read is read once.
    """

    def __init__(self, view: object, program: Callable[[], object]) -> None:
        self._view = view
        self._program = program
        self._found: dict[Path, object] = {(): view}

    def value(self, path: Path) -> object:
        """What `path` holds here (`MISSING` when it holds nothing)."""
        found = self._found.get(path, _UNKNOWN)
        if found is _UNKNOWN:
            last = path[-1]
            if isinstance(last, tuple) and last[0] == _DERIVED:
                found = _derive(last, self._program())
            else:
                parent = self.value(path[:-1])
                found = MISSING if parent is MISSING else _take(parent, last)
            self._found[path] = found
        return found

    def digest(self, paths: Iterable[Path]) -> str:
        """The digest of the values at `paths`, as `Reads.recorded` computes it."""
        return _digest(_observed(path, self.value(path)) for path in paths)


_UNKNOWN = object()


class Reads:
    """The reads of one page: every path its blocks read, and what each held."""

    def __init__(self, sources: Sources) -> None:
        self._seen: dict[Path, str] = {}
        self._proxies: dict[Path, _Proxy] = {}
        self._sources = sources
        self.view: Any = _wrap(self, sources.value(()), ())

    def derived(self, function: Callable[..., T], *args: Hashable) -> T:
        """`function(program, *args)`, noted by the function's name, its arguments and result.

        For a figure the published view does not hold (a status update for a day, say). The
        function must be importable by its name, and a function of its arguments alone.
        """
        name = f"{function.__module__}:{function.__qualname__}"
        if "<" in function.__qualname__:
            raise TypeError(f"{name}: a derived figure must be a module-level function")
        for arg in args:
            if not is_leaf(arg):
                raise TypeError(f"{name}: arguments must be plain values; found {arg!r}")
        path: Path = ((_DERIVED, name, tuple(args)),)
        found = self._sources.value(path)
        self._note(path, found)
        if isinstance(found, _Raised):
            raise found.error
        return cast(T, found)

    def recorded(self) -> Recorded:
        """The paths read, in the order first read, and the digest of their values."""
        return tuple(self._seen), _digest(self._seen.values())

    # -- for the proxies ----------------------------------------------------------------------

    def _note(self, path: Path, value: object) -> None:
        if path not in self._seen:
            self._seen[path] = _observed(path, value)

    def _step(self, path: Path, read: Callable[[], object]) -> Any:
        """The value `read` returns, noted at `path` (a failed read is noted as one)."""
        try:
            value = read()
        except _READ_ERRORS:
            self._note(path, MISSING)
            raise
        return _wrap(self, value, path)


def _wrap(reads: Reads, value: object, path: Path) -> Any:
    """A leaf as itself; a record, list or mapping as a proxy. Either way, noted at `path`."""
    reads._note(path, value)
    if is_leaf(value):
        return value
    proxy = reads._proxies.get(path)
    if proxy is None:
        kind: type[_Proxy]
        if isinstance(value, Mapping):
            kind = _MappingProxy
        elif isinstance(value, (tuple, list)):
            kind = _SequenceProxy
        else:
            kind = _RecordProxy
        proxy = reads._proxies[path] = kind(reads, value, path)
    return proxy


def unwrap(value: object) -> Any:
    """The real value behind a proxy, noted whole; anything else as it is."""
    if isinstance(value, _Proxy):
        reads, target, path = _parts(value)
        reads._note((*path, (_ALL,)), target)
        return target
    return value


def _parts(proxy: _Proxy) -> tuple[Reads, Any, Path]:
    get = object.__getattribute__
    return get(proxy, "_reads"), get(proxy, "_target"), get(proxy, "_path")


class _Proxy:
    """What every proxy shares: operators it cannot follow act on the value, noted whole."""

    __slots__ = ("_path", "_reads", "_target")

    def __init__(self, reads: Reads, target: object, path: Path) -> None:
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_path", path)

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # isinstance() sees the real type
        return type(object.__getattribute__(self, "_target"))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("the published view is read-only")

    def __eq__(self, other: object) -> bool:
        return bool(unwrap(self) == unwrap(other))

    def __ne__(self, other: object) -> bool:
        return bool(unwrap(self) != unwrap(other))

    def __hash__(self) -> int:
        return hash(unwrap(self))

    def __lt__(self, other: object) -> bool:
        return bool(unwrap(self) < unwrap(other))

    def __le__(self, other: object) -> bool:
        return bool(unwrap(self) <= unwrap(other))

    def __gt__(self, other: object) -> bool:
        return bool(unwrap(self) > unwrap(other))

    def __ge__(self, other: object) -> bool:
        return bool(unwrap(self) >= unwrap(other))

    def __str__(self) -> str:
        return str(unwrap(self))

    def __repr__(self) -> str:
        return repr(unwrap(self))

    def __format__(self, spec: str) -> str:
        return format(unwrap(self), spec)

    def __reduce_ex__(self, protocol: Any) -> Any:
        return unwrap(self).__reduce_ex__(protocol)

    def __copy__(self) -> Any:
        return unwrap(self)

    def __deepcopy__(self, memo: dict[int, object]) -> Any:
        return unwrap(self)

    def _read(self, step: Step, read: Callable[[], object]) -> Any:
        reads, _, path = _parts(self)
        return reads._step((*path, step), read)

    @property
    def _real(self) -> Any:
        return object.__getattribute__(self, "_target")


class _RecordProxy(_Proxy):
    """A record (a dataclass or a model): each field read is noted; methods are followed."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # markupsafe, jinja and copy probe for these
        target = self._real
        if callable(getattr(type(target), name, None)) and not isinstance(
            getattr(type(target), name), (property, type)
        ):
            return _Method(self, name)
        return self._read(name, lambda: getattr(target, name))

    def __bool__(self) -> bool:
        kind = type(self._real)
        if hasattr(kind, "__bool__") or hasattr(kind, "__len__"):
            return bool(unwrap(self))
        return True  # a plain record is always true, whatever its fields


class _Method:
    """A method of a record in the view: a call with plain arguments is a step of its own."""

    __slots__ = ("_name", "_owner")

    def __init__(self, owner: _RecordProxy, name: str) -> None:
        self._owner = owner
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        owner, name = self._owner, self._name
        if kwargs or not all(is_leaf(arg) for arg in args):
            method = getattr(unwrap(owner), name)
            return method(*map(unwrap, args), **{k: unwrap(v) for k, v in kwargs.items()})
        method = getattr(owner._real, name)
        return owner._read((_CALL, name, tuple(args)), lambda: method(*args))


class _SequenceProxy(_Proxy):
    """A tuple or list of records: its length and each item read are noted."""

    __slots__ = ()

    def __len__(self) -> int:
        items = self._real
        return cast(int, self._read((_LEN,), lambda: len(items)))

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Any]:
        for index in range(len(self)):
            yield self[index]

    def __reversed__(self) -> Iterator[Any]:
        for index in reversed(range(len(self))):
            yield self[index]

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        items = self._real
        return self._read(index, lambda: items[index])

    def __contains__(self, item: object) -> bool:
        return unwrap(item) in unwrap(self)

    def __add__(self, other: object) -> Any:
        return unwrap(self) + unwrap(other)

    def __radd__(self, other: object) -> Any:
        return unwrap(other) + unwrap(self)

    def index(self, item: object) -> int:
        return cast(int, unwrap(self).index(unwrap(item)))

    def count(self, item: object) -> int:
        return cast(int, unwrap(self).count(unwrap(item)))


class _MappingProxy(_Proxy):
    """A mapping: each key looked up, whether a key is there, and its keys when listed."""

    __slots__ = ()

    def keys(self) -> list[Any]:
        mapping = self._real
        return cast(list[Any], self._read((_KEYS,), lambda: list(mapping)))

    def __len__(self) -> int:
        return len(self.keys())

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def __getitem__(self, key: Any) -> Any:
        if not is_leaf(key):
            return unwrap(self)[unwrap(key)]
        mapping = self._real
        return self._read((_KEY, key), lambda: mapping[key])

    def __contains__(self, key: object) -> bool:
        if not is_leaf(key):
            return unwrap(key) in unwrap(self)
        mapping = self._real
        return bool(self._read((_IN, key), lambda: key in mapping))

    def get(self, key: Any, default: object = None) -> Any:
        # Whether the key is there, then its value: both reads are noted.
        return self[key] if key in self else default  # noqa: SIM401

    def values(self) -> list[Any]:
        return [self[key] for key in self.keys()]

    def items(self) -> list[tuple[Any, Any]]:
        return [(key, self[key]) for key in self.keys()]


def _derive(step: tuple[Any, ...], program: object) -> object:
    _, name, args = step
    module, _, qualname = name.partition(":")
    function: Any = importlib.import_module(module)
    for part in qualname.split("."):
        function = getattr(function, part)
    try:
        return function(program, *args)
    except Exception as error:  # the block meets the same error, and says so on its page
        return _Raised(error)


def _take(parent: Any, step: Step) -> object:
    """One step of a path, taken on the real values (`MISSING` when there is nothing)."""
    try:
        if isinstance(step, str):
            return getattr(parent, step)
        if isinstance(step, int):
            return parent[step]
        assert isinstance(step, tuple)
        tag = step[0]
        if tag == _CALL:
            return getattr(parent, step[1])(*step[2])
        if tag == _KEY:
            return parent[step[1]]
        if tag == _IN:
            return step[1] in parent
        if tag == _LEN:
            return len(parent)
        if tag == _KEYS:
            return list(parent)
        if tag == _ALL:
            return parent
    except _READ_ERRORS:
        return MISSING
    raise ValueError(f"unknown step {step!r}")


def _observed(path: Path, value: object) -> str:
    """What is noted of `value` at `path`: the whole of a whole or derived read, else
    `observe`."""
    last = path[-1] if path else None
    if isinstance(last, tuple) and last[0] in (_ALL, _DERIVED) and value is not MISSING:
        return repr(value) if isinstance(value, _Raised) else canonical(value)
    return observe(value)


def is_leaf(value: object) -> bool:
    """A plain value, noted as itself: text, numbers, dates, and collections of those."""
    if isinstance(value, _Proxy):  # a proxy passes isinstance() for its value's type
        return False
    if isinstance(value, _LEAVES):
        return True
    if isinstance(value, (tuple, list, set, frozenset)):
        return all(is_leaf(item) for item in value)
    return False


def observe(value: object) -> str:
    """A leaf as its canonical text; a record, list or mapping as its type (its parts are
    noted as they are read); nothing as `MISSING`."""
    if value is MISSING:
        return repr(MISSING)
    if is_leaf(value):
        return canonical(value)
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def canonical(value: object) -> str:
    """`value` as text, equal exactly when the values are, in any process."""
    if isinstance(value, _Proxy):
        value = unwrap(value)
    if isinstance(value, (str, bytes, bool, int, float, Decimal, Enum, type(None))):
        return repr(value)
    if isinstance(value, date):
        return f"{type(value).__name__}({value.isoformat()})"
    if isinstance(value, (tuple, list)):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(canonical(item) for item in value)) + "}"
    if isinstance(value, Mapping):
        items = sorted((canonical(k), canonical(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    fields: Iterable[str]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f.name for f in dataclasses.fields(value)]
    elif isinstance(getattr(type(value), "model_fields", None), dict):
        fields = list(type(value).model_fields)  # type: ignore[attr-defined]
    else:
        raise TypeError(f"cannot note a value of type {name}: the view holds plain records")
    return name + "(" + ",".join(f"{f}={canonical(getattr(value, f))}" for f in fields) + ")"


def _digest(observed: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for text in observed:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class Lazy(Generic[T]):
    """A template variable computed when a template first uses it, so that reading it is
    noted only then (`as_of`, in a block's template)."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[], T]) -> None:
        self.compute = compute
