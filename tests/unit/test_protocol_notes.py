"""The notes a protocol file writes beside its values, shown to the person who confirms each unconfirmed one."""

from __future__ import annotations

from app.protocol import load_protocol
from app.protocol.notes import note_for, source_notes

TEXT = """
# About the regimen.
[regimen]
cycle_length_days = 28
levels = ["5", "4"]   # starting level first; "#" in a note
# Said above the key.
dose_days = [1, 15]
url = "http://example.org/#anchor"

[[rules]]
text = "a"  # the first rule
"""


def test_notes_come_from_the_line_the_block_above_or_the_table() -> None:
    notes = source_notes(TEXT)
    assert notes["regimen.levels"] == 'starting level first; "#" in a note'
    assert notes["regimen.dose_days"] == "Said above the key."
    assert notes["regimen.cycle_length_days"] == "About the regimen."
    assert notes["regimen.url"] == "About the regimen."  # a # inside a string is no comment
    assert note_for(notes, "rules[0].text") == "the first rule"
    assert note_for(notes, "regimen.unknown") == "About the regimen."
    assert note_for(notes, "nowhere.at.all") == ""


def test_the_shipped_protocol_notes_its_dose_levels() -> None:
    protocol = load_protocol("nct07343453")
    notes = source_notes(protocol.source.read_text(encoding="utf-8"))
    assert "one-level reduction" in note_for(notes, "regimen.dose_levels_mg_per_kg")
