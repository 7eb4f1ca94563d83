"""Reading one YAML file safely, keeping the node tree so any value can be located later.

PyYAML's loaders keep the last of two equal keys (an edit is silently lost) and forget where
values came from. Here the C parser composes the node tree and a small constructor turns it
into plain data: duplicate keys, tags other than YAML's own, alias bombs, huge files and huge
values become problems with a line and column instead of surprises.
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
from generators.data.safefile import Refused, read_capped

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
            _at_start(shown, f"cannot read the file: {error.strerror}", "", "unreadable")
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
    shown = result.shown
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        result.problems.append(_syntax_problem(shown, error))
        return
    except yaml.YAMLError as error:  # pragma: no cover - every parser error is marked
        result.problems.append(_at_start(shown, f"not valid YAML: {error}", "", "syntax"))
        return
    result.text = text
    if root is not None:
        builder = _Builder(result, budget=max(100_000, MAX_EXPANSION * size))
        result.data = builder.build(root, [])
        if builder.exhausted:  # no second composition: keep the tree that located the bomb
            result._root, result._composed = root, True


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
    return Problem(shown, line, column, f"not valid YAML: {what}", hint=hint, code="syntax")


class _Builder:
    """Turns a node tree into dicts, lists and scalars, reporting what PyYAML would hide."""

    def __init__(self, result: YamlFile, budget: int) -> None:
        self.result = result
        self.budget = budget
        self.exhausted = False
        #: The lists and mappings being built, innermost last: an alias to one of them loops.
        self.open: list[yaml.Node] = []

    def build(self, node: yaml.Node, loc: list[PathPart]) -> Any:
        self.budget -= 1
        if self.budget < 0:
            if not self.exhausted:
                self.exhausted = True
                self.result.problems.append(
                    self._problem(
                        node,
                        loc,
                        "aliases expand to far more values than the file holds (an alias bomb?)",
                        "write the values out instead of nesting aliases",
                        "alias-bomb",
                    )
                )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc)
        if any(node is open_node for open_node in self.open):
            message = "an alias refers to a value that contains it, so it never ends"
            return self._report(node, loc, message, "write the value out", "alias-loop")
        if len(self.open) >= MAX_DEPTH:
            message = f"lists and mappings nest more than {MAX_DEPTH} levels deep"
            return self._report(node, loc, message, "the data needs a few levels", "too-deep")
        self.open.append(node)
        try:
            return self._collection(node, loc)
        finally:
            self.open.pop()

    def _collection(self, node: yaml.Node, loc: list[PathPart]) -> Any:
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self._bad_tag(node, loc)
            items = []
            for index, item in enumerate(node.value):
                if item.__class__ is yaml.ScalarNode and item.tag == _STR:
                    items.append(self._text(item, loc, index))
                else:
                    items.append(self.build(item, [*loc, index]))
            return items
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                return self._bad_tag(node, loc)
            return self._mapping(node, loc)
        return None  # pragma: no cover - the composer makes only these three kinds

    def _report(
        self, node: yaml.Node, loc: list[PathPart], message: str, hint: str, code: str
    ) -> None:
        self.result.problems.append(self._problem(node, loc, message, hint, code))

    def _text(self, node: yaml.ScalarNode, loc: list[PathPart], part: PathPart) -> Any:
        """A plain text value: the common case, taken without the general path's detours."""
        self.budget -= 1  # the next collection built reports an exhausted budget
        value = node.value
        if len(value) > MAX_SCALAR_CHARS:
            return self._scalar(node, [*loc, part])
        return value

    def _mapping(self, node: yaml.MappingNode, loc: list[PathPart]) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged = self.build(value_node, loc)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if isinstance(source, dict):
                        for key, value in source.items():
                            mapping.setdefault(key, value)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.result.problems.append(
                    self._problem(
                        key_node,
                        loc,
                        "a key must be a plain word, not a list or mapping",
                        "",
                        "key-type",
                    )
                )
                continue
            key = key_node.value if key_node.tag == _STR else self._scalar(key_node, loc)
            if key in first_seen:
                first = first_seen[key].start_mark.line + 1
                self.result.problems.append(
                    self._problem(
                        key_node,
                        [*loc, str(key)],
                        f"duplicate key '{key}' (first given on line {first}); YAML keeps only "
                        "the last one, so the other value would be lost",
                        "remove one of the two",
                        "duplicate-key",
                    )
                )
                continue
            first_seen[key] = key_node
            if value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR:
                mapping[key] = self._text(value_node, loc, str(key))
            else:
                mapping[key] = self.build(value_node, [*loc, str(key)])
        return mapping

    def _scalar(self, node: yaml.ScalarNode, loc: list[PathPart]) -> Any:
        tag = node.tag
        value = node.value
        if len(value) > MAX_SCALAR_CHARS:
            self.result.problems.append(
                self._problem(
                    node,
                    loc,
                    f"value is {len(value):,} characters long; the most allowed is "
                    f"{MAX_SCALAR_CHARS:,}",
                    "shorten it or link to a document",
                    "too-long",
                )
            )
            return None
        if tag == _STR:
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            # YAML 1.2: only true and false are booleans; "No" in a scale is the word No.
            return _BOOLEANS.get(value, value)
        if tag == _TAG + "int":
            return _scalars.construct_yaml_int(node)
        if tag == _TAG + "float":
            return _scalars.construct_yaml_float(node)
        if tag == _TIMESTAMP:
            if len(value) == 10:  # YYYY-MM-DD, the only form the data uses
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    pass
            try:
                return _scalars.construct_yaml_timestamp(node)
            except ValueError:
                return value  # an impossible date such as 2023-02-30: the model explains it
        return self._bad_tag(node, loc)

    def _bad_tag(self, node: yaml.Node, loc: list[PathPart]) -> None:
        tag = node.tag
        shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
        if "python/" in tag:
            message = f"Python object tags are not allowed: found {shown}"
            hint = "program data is plain values only; remove the tag"
            code = "python-tag"
        else:
            message = f"unsupported tag {shown}"
            hint = "remove the tag; quote the value if it should be text"
            code = "tag"
        self.result.problems.append(self._problem(node, loc, message, hint, code))
        return None

    def _problem(
        self, node: yaml.Node, loc: Sequence[PathPart], message: str, hint: str, code: str
    ) -> Problem:
        mark = node.start_mark
        return Problem(
            self.result.shown,
            mark.line + 1,
            mark.column + 1,
            message,
            field=format_loc(loc),
            hint=hint,
            code=code,
        )


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
