"""The CTCAE v5.0 term list (NCI), read once from `resources/ctcae/ctcae-v5-terms.csv`.

Each term carries its MedDRA code, system organ class and the definition of each grade 1–5 (None where CTCAE
marks the grade "-", not applicable). The search serves the toxicity picker; `rule_key_for` ties a term to the
protocol's rules table.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from app.errors import InputError
from app.inputs import shown
from app.paths import resources_dir
from app.protocol.model import Protocol
from app.text import msg

GRADES: Final = (1, 2, 3, 4, 5)


def ctcae_dir() -> Path:
    return resources_dir() / "ctcae"


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
    file = ctcae_dir() / "ctcae-v5-terms.csv"
    terms: list[CtcaeTerm] = []
    with file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
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


def search_terms(query: str, limit: int = 20) -> list[CtcaeTerm]:
    """Terms matching `query` over term and system organ class, case-insensitive, best matches first.

    Best is: the exact term, then a known synonym (neutropenia → Neutrophil count decreased), then terms that
    start with the query, whose words start with its words, contain it, and last those matched only through
    their system organ class. An empty query lists the terms in NCI's order.
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
    variants = tuple(dict.fromkeys((query, _american(query))))
    scored = [
        (s, e.name, e.term) for e in catalogue.entries if (s := _score(e, variants, synonym_hits)) is not None
    ]
    scored.sort(key=lambda item: (item[0], item[1]))
    return [t for _, _, t in scored[:limit]]


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
