"""Sentences for people that the window can say in the user's language.

The core and the services speak English, in the user's words. A sentence they build with `msg` is an ordinary
`str` (the English, so logs, the command line and tests read it as before) that also keeps its template and its
values. The window looks the template up in its translation catalogue (context "messages") and fills in the
values, translating the values that are themselves messages; so "Weight {weight} kg is not a weight." reaches a
Chinese window in Chinese with the same number in it.

`tools/messages.py` collects every `msg("...")` template of the app into `resources/translations/`; a template
must therefore be a string literal written in the call (or marked with `template("...")` where a table keeps it).

A record keeps its sentences as English text (what was signed or audited stays as it was written). `recall`
finds the template that made such a text again, so the window can say a stored sentence in its language too.

A CTCAE term inside a sentence ("Neutrophil count decreased grade 3: …") is a `Term`, and a CTCAE grade
definition a `GradeDefinition`: still the English text, which the window says in its language through the CTCAE
catalogue (app/ui/words.py). A message marks the value of a `{term}` or `{toxicity}` field as a `Term`, and of a
`{definition}` field as a `GradeDefinition`, by itself, for sentences made now and found again alike; a value
the catalogue does not have (a protocol's own name for a toxicity) is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

__all__ = [
    "GradeDefinition",
    "Message",
    "Term",
    "join_and",
    "join_or",
    "message_of",
    "msg",
    "recall",
    "template",
]


class Term(str):
    """A CTCAE term's English name as a value of a message: the text stays English (records, logs, the command
    line); the window says it in its language."""

    __slots__ = ()


class GradeDefinition(str):
    """A CTCAE grade definition (English, as NCI writes it) as a value of a message; the window says it in its
    language."""

    __slots__ = ()


# Fields that hold a CTCAE term (or a protocol's name for a toxicity), a grade definition, in every template.
_VALUE_TYPES: dict[str, type[str]] = {"term": Term, "toxicity": Term, "definition": GradeDefinition}


class Message(str):
    """English text that remembers the template and the values it was made from."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object]) -> Message:
        text = template.format(**params) if params else template
        made = super().__new__(cls, text)
        made.template = template
        made.params = {
            key: _VALUE_TYPES[key](value) if type(value) is str and key in _VALUE_TYPES else value
            for key, value in params.items()
        }
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Message, (self.template, dict(self.params)))


def msg(template: str, /, **params: object) -> Message:
    """The sentence `template` with `params` filled in (`str.format` fields by name, no format specs: numbers
    arrive already formatted, by `app.dosing.format`)."""
    return Message(template, params)


def _join(items: Iterable[str], last: Callable[[str, str], Message]) -> str:
    words = list(items)
    if not words:
        return Message("", {})
    text = words[0]
    for i, word in enumerate(words[1:], start=2):
        text = last(text, word) if i == len(words) else msg("{first}, {second}", first=text, second=word)
    return text


def join_or(items: Iterable[str]) -> str:
    """ "a", "a or b", "a, b or c": each item may itself be a message."""
    return _join(items, lambda first, second: msg("{first} or {second}", first=first, second=second))


def join_and(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c": each item may itself be a message."""
    return _join(items, lambda first, second: msg("{first} and {second}", first=first, second=second))


def message_of(exc: BaseException) -> str:
    """What an error says: its message (kept as a `Message` when it is one), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


def template(text: str, /) -> str:
    """Mark a template written apart from the `Message` made from it (`tools/messages.py` collects it as it
    collects msg() templates): for sentences kept in a table, such as those a record stores as text."""
    return text


_FIELD = re.compile(r"\{([a-z_]+)\}")
# Fields that only ever hold a whole number: recalling "X grade 3: reason" must not take "3: reason" as a grade.
_WHOLE_NUMBERS = frozenset({"grade", "occurrence"})
# Fields that only ever hold a sentence made from a template (nested recall must find it).
_SENTENCES = frozenset({"subject", "coded"})


@lru_cache(maxsize=256)
def _pattern(text: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    last = 0
    for field in _FIELD.finditer(text):
        parts.append(re.escape(text[last : field.start()]))
        name = field.group(1)
        value = r"\d+" if name in _WHOLE_NUMBERS else ".+?"
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{value})")
        seen.add(name)
        last = field.end()
    parts.append(re.escape(text[last:]))
    return re.compile("".join(parts), re.DOTALL)


def recall(text: str, templates: Iterable[str], *, nested: bool = False) -> str:
    """A sentence stored as English text, as the `Message` one of `templates` made it (so a window can say it
    in its language); the text as it is when none of them made it. `nested`: the values are looked up the same
    way (a sentence built of sentences: "{subject}: {hold}, …")."""
    if isinstance(text, Message):
        return text
    # The template with the most words of its own first: "{toxicity} grade {grade}" also fits a whole
    # "{subject}: discontinue treatment." sentence, with a long "grade".
    choices = tuple(sorted(templates, key=lambda t: len(_FIELD.sub("", t)), reverse=True))
    for candidate in choices:
        found = _pattern(candidate).fullmatch(text)
        if found is None:
            continue
        values: dict[str, object] = dict(found.groupdict())
        if nested:
            values = {key: recall(str(value), choices, nested=True) for key, value in values.items()}
            # A field that only ever holds a sentence of the table must have found one: "{subject}: {reason}"
            # is no template of "a family emergency: Day 15 omitted", which a person typed.
            if any(not isinstance(values[key], Message) for key in values if key in _SENTENCES):
                continue
        made = Message(candidate, values)
        if made == text:
            return made
    return text
