"""What a protocol file says about its values in its own comments, for the person who reviews them.

`source_notes(text)` maps each dotted key of a protocol file ("regimen.dose_levels_mg_per_kg"; array tables
without their index: "criteria_to_treat.criteria.lab") to the comment written on its line, or else to the
comment block just above it or above its table. A value with neither has no note. Pure: no Qt, no database.
"""

from __future__ import annotations

import re

_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _comment(line: str) -> str:
    """The comment at the end of a `key = value  # comment` line ("" when none), a # inside a string kept."""
    quote = ""
    for position, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[position + 1 :].strip()
    return ""


def source_notes(text: str) -> dict[str, str]:
    notes: dict[str, str] = {}
    table, table_note, block = "", "", []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            block.append(line.lstrip("#").strip())
            continue
        if not line:
            block = []
            continue
        header = _TABLE.match(line)
        if header is not None:
            table = header.group(1).replace('"', "").replace("'", "").replace(" ", "")
            table_note = " ".join(b for b in block if b)
            if table_note:
                notes.setdefault(table, table_note)
            block = []
            continue
        key = _KEY.match(line)
        if key is not None:
            dotted = f"{table}.{key.group(1)}" if table else key.group(1)
            note = _comment(line) or " ".join(b for b in block if b) or table_note
            if note:
                notes.setdefault(dotted, note)
        block = []
    return notes


def note_for(notes: dict[str, str], dotted: str) -> str:
    """The note of `dotted` (indices dropped), or of the nearest table that holds it; "" when none."""
    name = re.sub(r"\[\d+\]", "", dotted)
    while name:
        if name in notes:
            return notes[name]
        name = name.rpartition(".")[0]
    return ""
