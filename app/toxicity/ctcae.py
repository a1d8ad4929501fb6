"""The CTCAE v5.0 term list (NCI), read once from `resources/ctcae/ctcae-v5-terms.csv`.

Each term carries its MedDRA code, system organ class and the definition of each grade 1–5 (None where CTCAE
marks the grade "-", not applicable). The search serves the toxicity picker; `rule_key_for` ties a term to the
protocol's rules table.

`CtcaeTerm.chinese` is the term's Simplified Chinese (name, system organ class, grade definitions and whether the
site has reviewed them): DoseDesk's own working translation, not NCI's (`resources/ctcae/ctcae-v5-zh-NOTES.md`),
read from `ctcae-v5-zh-*.csv` at the first Chinese lookup only, and matched to the English by MedDRA code.
Records keep the English term; the Chinese is for the window and the search, which takes either language or a
MedDRA code.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final

from app.errors import InputError
from app.inputs import shown
from app.paths import resources_dir
from app.protocol.model import Protocol
from app.text import msg

GRADES: Final = (1, 2, 3, 4, 5)
TERMS_FILE: Final = "ctcae-v5-terms.csv"
# DoseDesk's Chinese of the terms (one row a MedDRA code), of each distinct grade definition, of the system
# organ classes.
CHINESE_TERMS_FILE: Final = "ctcae-v5-zh-terms.csv"
CHINESE_DEFINITIONS_FILE: Final = "ctcae-v5-zh-definitions.csv"
CHINESE_SOC_FILE: Final = "ctcae-v5-zh-soc.csv"


def ctcae_dir() -> Path:
    return resources_dir() / "ctcae"


def read_rows(file: Path) -> list[dict[str, str]]:
    """The rows of one of the CTCAE CSV files, by column name; lines starting with "#" are notes, not rows."""
    with file.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@dataclass(frozen=True)
class TranslationReview:
    """Whether a person at the site has checked a term's Chinese (name and grade definitions), who, and when."""

    reviewed: bool
    by: str | None = None
    on: date | None = None


@dataclass(frozen=True)
class ChineseTerm:
    """A term in Simplified Chinese, as DoseDesk translated it (a working translation until `review` says the
    site has checked it). `grade_definitions` has the English term's grades: None where CTCAE has no grade."""

    meddra_code: str
    name: str
    soc: str
    grade_definitions: tuple[str | None, ...]
    review: TranslationReview

    def definition(self, grade: int) -> str | None:
        """The Chinese definition of `grade` (1–5), or None when CTCAE does not use that grade for the term."""
        if grade not in GRADES:
            raise InputError(
                msg("grade {grade} does not exist in CTCAE: grades run from 1 to 5", grade=grade)
            )
        return self.grade_definitions[grade - 1]


@dataclass(frozen=True)
class CtcaeTerm:
    """One CTCAE v5.0 term. `grade_definitions[0]` is grade 1; None where the grade does not apply."""

    meddra_code: str
    soc: str
    term: str
    grade_definitions: tuple[str | None, ...]

    def definition(self, grade: int) -> str | None:
        """The definition of `grade` (1–5), or None when CTCAE does not use that grade for this term."""
        if grade not in GRADES:
            raise InputError(
                msg("grade {grade} does not exist in CTCAE: grades run from 1 to 5", grade=grade)
            )
        return self.grade_definitions[grade - 1]

    @property
    def grades(self) -> tuple[int, ...]:
        """The grades CTCAE defines for this term, e.g. (3, 4, 5) for febrile neutropenia."""
        return tuple(g for g in GRADES if self.grade_definitions[g - 1] is not None)

    @property
    def chinese(self) -> ChineseTerm | None:
        """The term in Chinese (the Chinese files are read at the first call), or None when they lack it."""
        return _chinese().terms.get(self.meddra_code)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class _Entry:
    """A term prepared for searching: its name, words, and name with system organ class, case-folded."""

    term: CtcaeTerm
    name: str
    words: tuple[str, ...]
    haystack: str


def _entry(term: CtcaeTerm) -> _Entry:
    name = term.term.casefold()
    words = tuple(name.replace("-", " ").replace(",", " ").replace("(", " ").split())
    return _Entry(term, name, words, f"{name} {term.soc.casefold()}")


@dataclass(frozen=True)
class _Catalogue:
    terms: tuple[CtcaeTerm, ...]
    entries: tuple[_Entry, ...]
    by_name: dict[str, CtcaeTerm]
    by_code: dict[str, CtcaeTerm]
    synonyms: dict[str, tuple[CtcaeTerm, ...]]


@cache
def _catalogue() -> _Catalogue:
    file = ctcae_dir() / TERMS_FILE
    terms: list[CtcaeTerm] = []
    for row in read_rows(file):
        definitions = tuple((row[f"grade{g}"].strip() or None) for g in GRADES)
        terms.append(
            CtcaeTerm(row["meddra_code"].strip(), row["soc"].strip(), row["term"].strip(), definitions)
        )
    by_name = {_key(t.term): t for t in terms}
    if len(by_name) != len(terms):
        raise InputError(msg("{file}: a CTCAE term is listed twice", file=file.name))
    synonyms_file = ctcae_dir() / "search-synonyms.toml"
    raw = tomllib.loads(synonyms_file.read_text(encoding="utf-8"))["synonyms"]
    synonyms: dict[str, tuple[CtcaeTerm, ...]] = {}
    for word, names in raw.items():
        found = tuple(by_name[_key(name)] for name in names if _key(name) in by_name)
        if len(found) != len(names):
            raise InputError(
                msg(
                    "{file}: {word} names a term that is not in CTCAE v5.0",
                    file=synonyms_file.name,
                    word=repr(word),
                )
            )
        synonyms[_key(word)] = found
    return _Catalogue(
        tuple(terms), tuple(_entry(t) for t in terms), by_name, {t.meddra_code: t for t in terms}, synonyms
    )


@dataclass(frozen=True)
class _ChineseEntry:
    """A term prepared for searching in Chinese: its Chinese name, and name with system organ class, folded."""

    term: CtcaeTerm
    name: str
    haystack: str
    position: int  # in NCI's order


@dataclass(frozen=True)
class _ChineseCatalogue:
    terms: dict[str, ChineseTerm]  # by MedDRA code
    definitions: dict[str, str]  # English grade definition → Chinese
    entries: tuple[_ChineseEntry, ...]


def _review(row: dict[str, str]) -> TranslationReview:
    try:
        on = date.fromisoformat(_cell(row, "reviewed_on"))
    except ValueError:
        on = None
    return TranslationReview(
        _cell(row, "reviewed").casefold() == "yes", _cell(row, "reviewed_by") or None, on
    )


def _chinese_rows(name: str) -> list[dict[str, str]]:
    try:
        return read_rows(ctcae_dir() / name)
    except OSError:  # the Chinese helps to read, it records nothing: without it the window shows the English
        return []


def _cell(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


@cache
def _chinese() -> _ChineseCatalogue:
    """The Chinese files, matched to the English terms by MedDRA code. Read leniently: a term or a definition
    they lack stays English in the window (tests/unit/test_ctcae_chinese.py fails on any gap)."""
    catalogue = _catalogue()
    socs = {_cell(r, "soc"): _cell(r, "soc_zh") for r in _chinese_rows(CHINESE_SOC_FILE)}
    read = {_cell(r, "english"): _cell(r, "chinese") for r in _chinese_rows(CHINESE_DEFINITIONS_FILE)}
    # Keyed by the English catalogue's own strings, so the English text is not held twice.
    said = {d: read[d] for t in catalogue.terms for d in t.grade_definitions if d is not None and read.get(d)}
    terms: dict[str, ChineseTerm] = {}
    for row in _chinese_rows(CHINESE_TERMS_FILE):
        code, name = _cell(row, "meddra_code"), _cell(row, "term_zh")
        english = catalogue.by_code.get(code)
        if english is None or not name:
            continue
        definitions = tuple(None if d is None else said.get(d, d) for d in english.grade_definitions)
        terms[code] = ChineseTerm(code, name, socs.get(english.soc) or english.soc, definitions, _review(row))
    entries = tuple(
        _ChineseEntry(t, zh.name.casefold(), f"{zh.name} {zh.soc}".casefold(), position)
        for position, t in enumerate(catalogue.terms)
        if (zh := terms.get(t.meddra_code)) is not None
    )
    return _ChineseCatalogue(terms, said, entries)


def chinese_definition(definition: str) -> str | None:
    """The Chinese of a CTCAE grade definition given as NCI writes it in English, or None when it has none."""
    return _chinese().definitions.get(definition.strip())


def all_terms() -> tuple[CtcaeTerm, ...]:
    """Every CTCAE v5.0 term, in NCI's order (by system organ class, then term)."""
    return _catalogue().terms


def find_term(name: str) -> CtcaeTerm | None:
    """The term named `name` (case and spacing ignored), or None."""
    return _catalogue().by_name.get(_key(name))


def term_by_code(meddra_code: str) -> CtcaeTerm | None:
    return _catalogue().by_code.get(meddra_code.strip())


def require_term(name: str) -> CtcaeTerm:
    """The term named `name`; a name CTCAE v5.0 does not have is refused."""
    found = find_term(name)
    if found is None:
        raise InputError(msg("{term} is not a CTCAE v5.0 term", term=shown(name)))
    return found


def _american(text: str) -> str:
    """British spellings the American way, as CTCAE writes them: anaemia → anemia, diarrhoea → diarrhea."""
    return text.replace("tumour", "tumor").replace("ae", "e").replace("oe", "e")


def _words_start(tokens: Iterable[str], words: tuple[str, ...]) -> bool:
    return all(any(w.startswith(t) for w in words) for t in tokens)


def _score(
    entry: _Entry, variants: tuple[str, ...], synonym_hits: dict[str, tuple[int, int]]
) -> tuple[int, int] | None:
    """How well a term answers the query's spellings (lower is better), or None when it does not."""
    best: tuple[int, int] | None = synonym_hits.get(entry.term.term)
    name = entry.name
    for variant in variants:
        tokens = variant.split()
        if not all(t in entry.haystack for t in tokens):
            continue
        if name == variant:
            score = 0
        elif name.startswith(variant):
            score = 2
        elif _words_start(tokens, entry.words):
            score = 3
        elif variant in name:
            score = 4
        elif all(t in name for t in tokens):
            score = 5
        else:
            score = 7  # matched through the system organ class
        best = (score, 0) if best is None else min(best, (score, 0))
    return best


def _score_chinese(
    entry: _ChineseEntry, query: str, synonym_hits: dict[str, tuple[int, int]]
) -> tuple[int, int] | None:
    """How well a term's Chinese answers the query (lower is better), or None when it does not. Chinese has no
    spaces between words: a name that starts with the query comes first, then one that contains it."""
    best: tuple[int, int] | None = synonym_hits.get(entry.term.term)
    tokens = query.split()
    if all(t in entry.haystack for t in tokens):
        name = entry.name
        if name == query:
            score = 0
        elif name.startswith(query):
            score = 2
        elif query in name:
            score = 4
        elif all(t in name for t in tokens):
            score = 5
        else:
            score = 7  # matched through the system organ class
        best = (score, 0) if best is None else min(best, (score, 0))
    return best


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def search_terms(query: str, limit: int = 20) -> list[CtcaeTerm]:
    """Terms matching `query` over term and system organ class, case-insensitive, best matches first: in
    English, in Chinese (a query with a Chinese character searches the Chinese names) or by MedDRA code.

    Best is: the exact term, then a known synonym (neutropenia → Neutrophil count decreased, 中性粒细胞减少 →
    the same), then terms that start with the query, whose words start with its words, contain it, and last
    those matched only through their system organ class. Among Chinese names that match as well, the shorter
    name (the closer match) comes first. A MedDRA code finds its term first, then the codes it starts. An empty
    query lists the terms in NCI's order.
    """
    if limit < 1:
        raise InputError(msg("the number of terms to show must be at least 1"))
    query = _key(query)
    catalogue = _catalogue()
    if not query:
        return list(catalogue.terms[:limit])
    synonym_hits: dict[str, tuple[int, int]] = {}
    for word, terms in catalogue.synonyms.items():
        rank = 1 if word == query else 6 if word.startswith(query) else None
        if rank is not None:
            for position, t in enumerate(terms):  # a synonym's terms in the order the file gives them
                hit = (rank, position)
                synonym_hits[t.term] = min(hit, synonym_hits.get(t.term, hit))
    if _CJK.search(query):
        found = [
            (s, len(e.name), e.position, e.term)
            for e in _chinese().entries
            if (s := _score_chinese(e, query, synonym_hits)) is not None
        ]
        found.sort(key=lambda item: item[:3])
        return [t for *_, t in found[:limit]]
    variants = tuple(dict.fromkeys((query, _american(query))))
    scores = {
        e.term.meddra_code: s
        for e in catalogue.entries
        if (s := _score(e, variants, synonym_hits)) is not None
    }
    if query.isdigit():  # a MedDRA code, or its first digits
        for code in catalogue.by_code:
            if code.startswith(query):
                hit = (0, 0) if code == query else (2, 0)
                scores[code] = min(hit, scores.get(code, hit))
    ranked = sorted(scores, key=lambda code: (scores[code], catalogue.by_code[code].term.casefold()))
    return [catalogue.by_code[code] for code in ranked[:limit]]


def rule_key_for(protocol: Protocol, term: str) -> str | None:
    """The key of the protocol's terms table (`neutropenia`, `stomatitis`, …) that stands for `term`, or None.

    When a term is listed under several keys the first key in the file wins.
    """
    wanted = _key(term)
    for key, names in protocol.toxicity.terms.items():
        if any(_key(name) == wanted for name in names):
            return key
    return None


def is_haematological(protocol: Protocol, term: str) -> bool:
    """Whether the protocol counts `term` as haematological (the non-haematological catch-alls skip it)."""
    wanted = _key(term)
    return any(_key(name) == wanted for name in protocol.toxicity.haematological)


def unknown_protocol_terms(protocol: Protocol) -> list[str]:
    """Terms the protocol names (terms table, haematological list) that CTCAE v5.0 does not have."""
    named = [n for names in protocol.toxicity.terms.values() for n in names]
    named.extend(sorted(protocol.toxicity.haematological))
    return [n for n in named if find_term(n) is None]
