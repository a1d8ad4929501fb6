"""Collect the sentences the core and the services build with `app.text.msg`, and the protocol files' rule
texts, into the translation catalogue `resources/translations/messages_<lang>.ts`.

    python tools/messages.py            update the catalogues (keep translations, add new, drop unused)
    python tools/messages.py --check    exit 1, naming the differences, when a catalogue is out of date
    python tools/messages.py --merge F  also fill translations from F, a JSON object {english: translation}

The window's own strings (app/ui) are collected by pyside6-lupdate into dosedesk_<lang>.ts;
tools/translations.sh runs this, then compiles both catalogues into the one .qm the window loads.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh_CN",)
MESSAGES = "messages"  # context of msg() templates
PROTOCOL = "protocol"  # context of the protocol files' rule texts


class SourceError(Exception):
    pass


def message_templates(root: Path = ROOT) -> list[str]:
    """Every msg() and template() text under app/ (the window's own code excepted), in first-seen order."""
    found: dict[str, None] = {}
    problems: list[str] = []
    for path in sorted((root / "app").rglob("*.py")):
        if (root / "app" / "ui") in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name not in ("msg", "template"):
                continue
            where = f"{path.relative_to(root)}:{node.lineno}"
            if (
                not node.args
                or not isinstance(node.args[0], ast.Constant)
                or not isinstance(node.args[0].value, str)
            ):
                problems.append(f"{where}: {name}() needs its template written as a string literal")
                continue
            found.setdefault(node.args[0].value, None)
    if problems:
        raise SourceError("\n".join(problems))
    return list(found)


def _eligibility_texts(table: object) -> list[str]:
    """The texts of an [eligibility.criteria] table: each criterion's and each of its items', in file order."""
    texts: list[str] = []
    if isinstance(table, dict):
        text = table.get("text")
        if isinstance(text, str) and text:
            texts.append(text)
        for value in table.values():
            texts.extend(_eligibility_texts(value))
    return texts


def protocol_texts(root: Path = ROOT) -> list[str]:
    """The rule texts of the shipped protocol files (shown with a proposed action), their rounding rules in
    words (shown to the blind verifier) and their eligibility criteria's texts (shown on the screening
    checklist)."""
    found: dict[str, None] = {}
    for path in sorted((root / "resources" / "protocols").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for rule in data.get("toxicity", {}).get("rules", []):
            text = rule.get("text")
            if isinstance(text, str) and text:
                found.setdefault(text, None)
        for text in _eligibility_texts(data.get("eligibility", {}).get("criteria", {})):
            found.setdefault(text, None)
        rounding = data.get("dosing", {}).get("rounding_text")
        if isinstance(rounding, str) and rounding:
            found.setdefault(rounding, None)
    return list(found)


def _read(ts: Path) -> dict[tuple[str, str], str]:
    """(context, source) → translation ("" when unfinished) of an existing catalogue."""
    if not ts.exists():
        return {}
    known: dict[tuple[str, str], str] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in (
                "unfinished",
                "obsolete",
                "vanished",
            )
            known[(name, source)] = (translation.text or "") if done and translation is not None else ""
    return known


def render(language: str, contexts: dict[str, list[str]], known: dict[tuple[str, str], str]) -> str:
    root = ET.Element("TS", version="2.1", language=language)
    for name, sources in contexts.items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for source in sources:
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = source
            translation = ET.SubElement(message, "translation")
            text = known.get((name, source), "")
            if text:
                translation.text = text
            else:
                translation.set("type", "unfinished")
    ET.indent(root)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(root, encoding="unicode")
        + "\n"
    )


def catalogue_path(language: str, root: Path = ROOT) -> Path:
    return root / "resources" / "translations" / f"messages_{language}.ts"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--merge", type=Path)
    args = parser.parse_args(argv)
    try:
        contexts = {MESSAGES: message_templates(), PROTOCOL: protocol_texts()}
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    extra: dict[str, str] = json.loads(args.merge.read_text(encoding="utf-8")) if args.merge else {}
    status = 0
    for language in LANGUAGES:
        ts = catalogue_path(language)
        known = _read(ts)
        for (name, source), text in list(known.items()):
            if not text and source in extra:
                known[(name, source)] = extra[source]
        for name, sources in contexts.items():
            for source in sources:
                if not known.get((name, source)) and source in extra:
                    known[(name, source)] = extra[source]
        text = render(language, contexts, known)
        if args.check:
            if not ts.exists() or ts.read_text(encoding="utf-8") != text:
                print(f"{ts.relative_to(ROOT)} is out of date: run tools/translations.sh", file=sys.stderr)
                status = 1
        else:
            ts.write_text(text, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
