"""The app's sentences in the reader's language, without Qt: for paper and the command line.

The window says a sentence of the core or the services (an `app.text.Message`) through Qt's translator; paper is
printed by code that must not need Qt, in a language chosen per print rather than the window's. This module reads
the same catalogue the window compiles (`resources/translations/messages_zh_CN.ts`, contexts "messages" and
"protocol") with the standard library and fills in a message's values the way the window does: a value that is a
sentence is said in the language too, a CTCAE term by its Chinese name from the CTCAE catalogue.

A text the catalogue does not hold, or a translation that lost one of its fields, is given in English: the
English is always right, a half-filled Chinese sentence never is.
"""

from __future__ import annotations

import functools
from typing import Literal
from xml.etree import ElementTree

from app.paths import resources_dir
from app.text import GradeDefinition, Message, Term

Language = Literal["en", "zh"]

CATALOGUE_FILE = "messages_zh_CN.ts"


@functools.cache
def _chinese() -> dict[tuple[str, str], str]:
    """(context, English) → Chinese, for every finished entry of the catalogue."""
    tree = ElementTree.parse(resources_dir() / "translations" / CATALOGUE_FILE)
    found: dict[tuple[str, str], str] = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or not translation.text:
                continue
            if translation.get("type") in {"unfinished", "obsolete", "vanished"}:
                continue
            found[(name, source)] = translation.text
    return found


def translate(context: str, english: str, language: Language) -> str:
    """`english` of the catalogue's `context` in `language` (the English when there is no translation)."""
    if language == "en":
        return english
    return _chinese().get((context, english), english)


def protocol_text(english: str, language: Language) -> str:
    """A text of the protocol file (a criterion, a rule) in `language`."""
    return translate("protocol", english, language)


def say(text: object, language: Language) -> str:
    """A sentence of the core or the services in `language`, its values said in it too; other text as it is."""
    if text is None:
        return ""
    if language == "en" or not isinstance(text, Message):
        return str(_value(text, language)) if isinstance(text, Term | GradeDefinition) else str(text)
    named = getattr(text, "name_in", None)  # a public holiday: its name as the holidays package gives it
    if callable(named):
        return str(named("zh_CN"))
    template = translate("messages", text.template, language)
    values = {key: _value(value, language) for key, value in text.params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return str(text)


def _value(value: object, language: Language) -> object:
    if isinstance(value, Message):
        return say(value, language)
    if language == "en":
        return str(value) if isinstance(value, Term | GradeDefinition) else value
    if isinstance(value, Term):
        from app.toxicity.ctcae import find_term

        found = find_term(str(value))
        chinese = found.chinese if found is not None else None
        return chinese.name if chinese is not None else str(value)
    if isinstance(value, GradeDefinition):
        from app.toxicity.ctcae import chinese_definition

        return chinese_definition(str(value)) or str(value)
    return value
