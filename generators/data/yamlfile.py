"""Reading one YAML file safely, keeping its text so any value can be located later.

PyYAML's loaders keep the last of two equal keys (an edit is silently lost) and forget where
values came from. Here a small builder turns the C parser's events into plain data: duplicate
keys, tags other than YAML's own, alias bombs, huge files and huge values become problems with
a line and column instead of surprises. The node tree that locates a value is composed from
the kept text only when a problem needs it.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generators.data.problems import Problem
from generators.data.safefile import Refused, read_capped, what_to_do

try:  # The C parser is many times faster; the pure-Python one gives the same nodes.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - only without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: The largest file read at all: bigger ones are refused before parsing.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The longest single value (a long Markdown description is a few thousand characters).
MAX_SCALAR_CHARS = 100_000
#: Values constructed per byte of file before aliases count as a bomb.
MAX_EXPANSION = 4
#: The deepest nesting of lists and mappings read (the data contract needs five levels).
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _TIMESTAMP = _TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "timestamp"
_scalars = yaml.constructor.SafeConstructor()
#: The booleans of YAML 1.2's core schema. YAML 1.1 also reads yes, no, on and off (any
#: case) as booleans; here they stay the words as written, and a field that wants a
#: boolean says so (see `models.Flag`).
_BOOLEANS = {
    spelling: truth
    for word, truth in (("true", True), ("false", False))
    for spelling in (word, word.title(), word.upper())
}
#: YAML 1.1's implicit types (bool, int, float, null, timestamp...), keyed by first character.
_IMPLICIT: dict[str, list[tuple[str, Any]]] = {
    first: list(resolvers)
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    if first is not None
}


class _Loader(_BaseLoader):
    """The safe loader's resolver without path resolvers, which the safe loader never has.

    The parser asks the resolver about every node; PyYAML's general version builds lists and
    tracks paths on each call, which is a fifth of the time of reading a large file.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are built.

    A large file's nodes and values all stay alive until the check ends, so the collections
    their creation triggers free nothing, yet each walks everything alive: at 20,000 people
    they took two thirds of the time. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


PathPart = str | int


@dataclass
class YamlFile:
    """A parsed file: its data, the problems found while reading it, and its text, from which
    the node tree that locates any value is composed again when a problem needs it."""

    path: Path
    shown: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    text: str | None = field(default=None, repr=False)
    _root: yaml.Node | None = field(default=None, repr=False)
    _composed: bool = field(default=False, repr=False)

    @property
    def root(self) -> yaml.Node | None:
        """The node tree, composed on first use.

        Kept for every file, the trees would be the largest thing in memory (two marks a
        value); they are needed only to locate problems, and a valid program has none.
        """
        if not self._composed:
            self._composed = True
            if self.text is not None:
                with gc_paused():
                    try:
                        self._root = _compose(self.text)
                    except yaml.YAMLError:  # pragma: no cover - it was composed once before
                        self._root = None
        return self._root

    def problem(
        self,
        loc: Sequence[PathPart],
        message: str,
        *,
        hint: str = "",
        code: str = "invalid",
        at_key: bool = False,
        field_path: str | None = None,
    ) -> Problem:
        """A problem at the value (or its key) found by following `loc` from the root."""
        node = locate(self.root, loc, at_key=at_key)
        mark = node.start_mark if node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Problem(
            file=self.shown,
            line=line,
            column=column,
            message=message,
            field=format_loc(loc) if field_path is None else field_path,
            hint=hint,
            code=code,
        )


def format_loc(loc: Iterable[PathPart]) -> str:
    """`('goals', 0, 'status')` as people read it: `goals[0].status`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def locate(
    root: yaml.Node | None, loc: Sequence[PathPart], *, at_key: bool = False
) -> yaml.Node | None:
    """The node at `loc`, or the deepest one on the way when the path does not go further."""
    node = root
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return node
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    node = key_node if (last and at_key) else value_node
                    break
            else:
                return node
        else:
            return node
    return node


def read_yaml(path: Path, shown: str, root: Path | None = None) -> YamlFile:
    """Parse `path`; on any problem the result carries it and `data` may be partial or None.

    With `root`, a symbolic link that leads outside it is refused (see `safefile`).
    """
    result = YamlFile(path=path, shown=shown)
    try:
        raw = read_capped(path, MAX_FILE_BYTES, root)
    except FileNotFoundError:
        result.problems.append(_at_start(shown, "file not found", "", "missing-file"))
        return result
    except Refused as refused:
        result.problems.append(_at_start(shown, refused.message, refused.hint, "unreadable"))
        return result
    except OSError as error:
        result.problems.append(
            _at_start(
                shown, f"cannot read the file: {error.strerror}", what_to_do(error), "unreadable"
            )
        )
        return result
    if len(raw) > MAX_FILE_BYTES:
        result.problems.append(
            _at_start(
                shown,
                f"file is larger than {MAX_FILE_BYTES:,} bytes, the most read",
                "split it (people/<id>.yaml holds one person a file)",
                "too-large",
            )
        )
        return result

    text = _decode(raw, result)
    if text is None:
        return result
    with gc_paused():
        _parse(text, len(raw), result)
    return result


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _parse(text: str, size: int, result: YamlFile) -> None:
    loader = _Loader(text)
    builder = _Builder(loader, result.shown, budget=max(100_000, MAX_EXPANSION * size))
    try:
        data = builder.document()
    except yaml.MarkedYAMLError as error:
        result.problems.append(_syntax_problem(result.shown, error))
        return
    except yaml.YAMLError as error:  # pragma: no cover - every parser error is marked
        result.problems.append(_at_start(result.shown, f"not valid YAML: {error}", "", "syntax"))
        return
    except _Exhausted:
        data = None
    finally:
        loader.dispose()
    result.text = text
    result.problems.extend(builder.problems)
    result.data = data


def _decode(raw: bytes, result: YamlFile) -> str | None:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        result.problems.append(
            _at_start(
                result.shown, "not UTF-8 text: the file is UTF-16", "save it as UTF-8", "encoding"
            )
        )
        return None
    if b"\x00" in raw[:8192]:
        result.problems.append(
            _at_start(
                result.shown,
                "this is a binary file, not YAML text",
                "program/ holds only UTF-8 YAML files",
                "binary",
            )
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        result.problems.append(
            Problem(
                result.shown,
                line,
                column,
                f"not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be decoded",
                hint="save the file as UTF-8",
                code="encoding",
            )
        )
        return None
    return text.removeprefix("\ufeff")


def _at_start(shown: str, message: str, hint: str, code: str) -> Problem:
    return Problem(shown, 1, 1, message, hint=hint, code=code)


def _syntax_problem(shown: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(part for part in (error.context, error.problem) if part)
    hint = "check the indentation and quoting on this line or the one before"
    if "tab" in what.lower() or "\t" in what:
        what = "a tab character where YAML expects spaces"
        hint = "indent with spaces, not tabs"
    elif "cannot start any token" in what:
        hint = "quote a text that starts with @ or ` (a mention, say): '@ada-lovelace led it'"
    return Problem(shown, line, column, f"not valid YAML: {what}", hint=hint, code="syntax")


class _Exhausted(Exception):
    """The file's aliases expand past its budget: building stops (the problem is recorded)."""


def _text(event: Any) -> str | None:
    """The value of a scalar that can only be text, or None when it needs a closer look.

    The common case, taken without the general path's detours: quoted, or plain and starting
    with a character no implicit type (number, date, boolean, null) starts with.
    """
    value: str = event.value
    if event.tag is not None or len(value) > MAX_SCALAR_CHARS:
        return None
    if event.implicit[0] and value[:1] in _IMPLICIT:
        return None
    return value


@dataclass(frozen=True)
class _Marked:
    """A position to report at, where there is no event."""

    start_mark: Any


class _Builder:
    """Plain data straight from the parser's events, reporting what PyYAML would hide.

    No node tree is built: for a file of 20,000 people the tree would be forty times the
    file's size, the largest thing in memory while the program is read. Problems carry the
    event's position; `YamlFile.root` composes the tree only when a later problem needs it.
    Errors the composer would raise (an undefined alias, a second document) are raised as the
    composer's own, so they read as syntax problems.
    """

    def __init__(self, loader: _Loader, shown: str, budget: int) -> None:
        self.loader = loader
        self.shown = shown
        self.budget = budget
        #: Values built so far, each alias counting the values it stands for.
        self.count = 0
        #: Each anchor's value and how many values it holds (None while it is being built:
        #: an alias to it then loops).
        self.anchors: dict[str, tuple[Any, int | None, Any]] = {}
        self.depth = 0
        self.problems: list[Problem] = []
        #: Each plain key's resolved tag: a file repeats a handful of keys many times.
        self.key_tags: dict[str, str] = {}

    def document(self) -> Any:
        get: Any = self.loader.get_event  # the C parser's events, typed loosely by the stubs
        get()  # the stream's start
        first = get()
        if first.__class__ is yaml.StreamEndEvent:
            return None
        value = self.build(get(), [])
        get()  # the document's end
        following = get()
        if following.__class__ is not yaml.StreamEndEvent:
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                first.start_mark,
                "but found another document",
                following.start_mark,
            )
        return value

    def build(self, event: Any, loc: list[PathPart]) -> Any:
        kind = event.__class__
        if kind is yaml.ScalarEvent:
            self._spend(1, event, loc)
            if event.anchor is not None:
                self._open(event)
            return self._anchored(event, self._scalar(event, loc), 1)
        if kind is yaml.AliasEvent:
            return self._alias(event, loc)
        return self._collection(event, loc)

    def _spend(self, values: int, event: Any, loc: Sequence[PathPart]) -> None:
        self.count += values
        if self.count > self.budget:
            self._report(
                event,
                loc,
                "aliases expand to far more values than the file holds (an alias bomb?)",
                "write the values out instead of nesting aliases",
                "alias-bomb",
            )
            raise _Exhausted

    def _open(self, event: Any) -> None:
        """An anchor's value begins: until it ends, an alias to it would loop."""
        anchor = event.anchor
        if anchor in self.anchors:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                self.anchors[anchor][2],
                "second occurrence",
                event.start_mark,
            )
        self.anchors[anchor] = (None, None, event.start_mark)

    def _alias(self, event: Any, loc: list[PathPart]) -> Any:
        if event.anchor not in self.anchors:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
        value, size, mark = self.anchors[event.anchor]
        # An alias is reported where its value was anchored: the composed tree, which locates
        # the model's problems later, puts the anchored value at the alias's place.
        at = _Marked(mark)
        if size is None:
            message = "an alias refers to a value that contains it, so it never ends"
            self._report(at, loc, message, "write the value out", "alias-loop")
            return None
        self._spend(size, at, loc)
        return value

    def _collection(self, event: Any, loc: list[PathPart]) -> Any:
        sequence = event.__class__ is yaml.SequenceStartEvent
        tag = event.tag
        if tag is None or tag == "!":
            tag = _SEQ if sequence else _MAP
        self._spend(1, event, loc)
        if event.anchor is not None:
            self._open(event)
        if tag != (_SEQ if sequence else _MAP):
            self._bad_tag(event, tag, loc)
            self._skip_rest()
            return self._anchored(event, None, 1)
        if self.depth >= MAX_DEPTH:
            message = f"lists and mappings nest more than {MAX_DEPTH} levels deep"
            self._report(event, loc, message, "the data needs a few levels", "too-deep")
            self._skip_rest()
            return self._anchored(event, None, 1)
        before = self.count
        self.depth += 1
        try:
            value = self._items(loc) if sequence else self._mapping(loc)
        finally:
            self.depth -= 1
        return self._anchored(event, value, self.count - before + 1)

    def _anchored(self, event: Any, value: Any, size: int) -> Any:
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, size, event.start_mark)
        return value

    def _items(self, loc: list[PathPart]) -> list[Any]:
        get = self.loader.get_event
        items: list[Any] = []
        index = 0
        while True:
            event = get()
            if event.__class__ is yaml.SequenceEndEvent:
                return items
            if event.__class__ is yaml.ScalarEvent and event.anchor is None:
                self.count += 1  # a value written out: within the budget by its definition
                value = _text(event)
                items.append(value if value is not None else self._scalar(event, [*loc, index]))
            else:
                items.append(self.build(event, [*loc, index]))
            index += 1

    def _mapping(self, loc: list[PathPart]) -> dict[Any, Any]:
        get = self.loader.get_event
        key_tags = self.key_tags
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, Any] = {}
        while True:
            key_event = get()
            if key_event.__class__ is yaml.MappingEndEvent:
                return mapping
            if key_event.__class__ is not yaml.ScalarEvent:
                self._report(
                    key_event,
                    loc,
                    "a key must be a plain word, not a list or mapping",
                    "",
                    "key-type",
                )
                self._skip(key_event)
                self._skip(get())
                continue
            plain = key_event.tag is None and key_event.implicit[0]
            tag = key_tags.get(key_event.value) if plain else None
            if tag is None:
                tag = self._tag(key_event)
                if plain:
                    key_tags[key_event.value] = tag
            if tag == _TAG + "merge":
                merged = self.build(get(), loc)
                for source in merged if isinstance(merged, list) else [merged]:
                    if isinstance(source, dict):
                        for key, value in source.items():
                            mapping.setdefault(key, value)
                continue
            key = key_event.value if tag == _STR else self._scalar(key_event, loc)
            if key in first_seen:
                first = first_seen[key].line + 1
                self._report(
                    key_event,
                    [*loc, str(key)],
                    f"duplicate key '{key}' (first given on line {first}); YAML keeps only "
                    "the last one, so the other value would be lost",
                    "remove one of the two",
                    "duplicate-key",
                )
                self._skip(get())
                continue
            first_seen[key] = key_event.start_mark
            event = get()
            if event.__class__ is yaml.ScalarEvent and event.anchor is None:
                self.count += 1
                value = _text(event)
                mapping[key] = value if value is not None else self._scalar(event, [*loc, str(key)])
            else:
                mapping[key] = self.build(event, [*loc, str(key)])

    def _skip(self, event: Any) -> None:
        """Read past the value `event` starts, building nothing (anchors in it stay unknown)."""
        if event.__class__ in (yaml.SequenceStartEvent, yaml.MappingStartEvent):
            self._skip_rest()

    def _skip_rest(self) -> None:
        """Read past the end of the collection just started."""
        get = self.loader.get_event
        open_collections = 1
        while open_collections:
            kind = get().__class__
            if kind in (yaml.SequenceStartEvent, yaml.MappingStartEvent):
                open_collections += 1
            elif kind in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
                open_collections -= 1

    def _tag(self, event: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return str(tag)

    def _scalar(self, event: Any, loc: list[PathPart]) -> Any:
        value = event.value
        if len(value) > MAX_SCALAR_CHARS:
            self._report(
                event,
                loc,
                f"value is {len(value):,} characters long; the most allowed is "
                f"{MAX_SCALAR_CHARS:,}",
                "shorten it or link to a document",
                "too-long",
            )
            return None
        tag = self._tag(event)
        if tag == _STR:
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            # YAML 1.2: only true and false are booleans; "No" in a scale is the word No.
            return _BOOLEANS.get(value, value)
        if tag == _TAG + "int":
            return _scalars.construct_yaml_int(yaml.ScalarNode(tag, value))
        if tag == _TAG + "float":
            return _scalars.construct_yaml_float(yaml.ScalarNode(tag, value))
        if tag == _TIMESTAMP:
            if len(value) == 10:  # YYYY-MM-DD, the only form the data uses
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    pass
            try:
                return _scalars.construct_yaml_timestamp(yaml.ScalarNode(tag, value))
            except ValueError:
                return value  # an impossible date such as 2023-02-30: the model explains it
        self._bad_tag(event, tag, loc)
        return None

    def _bad_tag(self, event: Any, tag: str, loc: Sequence[PathPart]) -> None:
        shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
        if "python/" in tag:
            message = f"Python object tags are not allowed: found {shown}"
            hint = "program data is plain values only; remove the tag"
            code = "python-tag"
        else:
            message = f"unsupported tag {shown}"
            hint = "remove the tag; quote the value if it should be text"
            code = "tag"
        self._report(event, loc, message, hint, code)

    def _report(
        self, event: Any, loc: Sequence[PathPart], message: str, hint: str, code: str
    ) -> None:
        mark = event.start_mark
        self.problems.append(
            Problem(
                self.shown,
                mark.line + 1,
                mark.column + 1,
                message,
                field=format_loc(loc),
                hint=hint,
                code=code,
            )
        )


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
