from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.paths import protocols_dir
from app.protocol import ProtocolError, load_protocol, parse_protocol
from app.text import Message, message_of

NCT = protocols_dir() / "nct07343453.toml"


def test_trial_protocol_carries_the_regimen() -> None:
    p = load_protocol("nct07343453")
    assert p.regimen.cycle_length_days == 28
    assert p.regimen.dose_days == (1, 15)
    assert p.regimen.dose_levels_mg_per_kg == (Decimal("5"), Decimal("4"), Decimal("3"))
    assert p.regimen.level_below(Decimal("4")) == Decimal("3")
    assert p.regimen.level_below(Decimal("3")) is None
    assert p.schedule.tumour_assessment.phases[0].every_weeks == 6
    assert p.clinic.country == "CN"
    assert p.is_unconfirmed("product.vial_strength_mg")
    assert not p.is_unconfirmed("regimen.cycle_length_days")


def test_second_regimen_loads_from_its_own_file() -> None:
    p = load_protocol("sacituzumab-govitecan")
    assert p.regimen.dose_days == (1, 8)
    assert p.regimen.cycle_length_days == 21
    assert p.preparation.final_concentration_max_mg_per_ml == Decimal("3.4")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("cycle_length_days = 28", 'cycle_length_days = "28"', "regimen.cycle_length_days"),
        ('dose_levels_mg_per_kg = ["5", "4", "3"]', 'dose_levels_mg_per_kg = ["4", "5"]', "dose_levels"),
        ('vial_strength_mg = "200"', 'vial_strength_mg = "-200"', "product.vial_strength_mg"),
        ('country = "CN"', 'country = "China"', "clinic.country"),
        ('match = "rash"', 'match = "rashes"', "toxicity.rules[11].match"),
        ('limits = { 1 = "1.5", 15 = "1.0" }', 'limits = { 1 = "1.5", 16 = "1.0" }', "limits"),
    ],
)
def test_broken_file_names_the_file_and_field(old: str, new: str, field: str, tmp_path: Path) -> None:
    text = NCT.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProtocolError) as err:
        parse_protocol(broken, broken.read_bytes())
    assert "broken.toml" in str(err.value)
    assert field in str(err.value)


def test_broken_file_message_keeps_its_english_and_its_template(tmp_path: Path) -> None:
    """The window translates the fault: the sentence and the fault inside it are both messages."""
    broken = tmp_path / "broken.toml"
    broken.write_text(NCT.read_text(encoding="utf-8").replace('country = "CN"', 'country = "China"', 1))
    with pytest.raises(ProtocolError) as err:
        parse_protocol(broken, broken.read_bytes())
    said = message_of(err.value)
    assert said == (
        "protocol file broken.toml: field 'clinic.country' must be a two-letter country code such as CN, "
        "not 'China'"
    )
    assert isinstance(said, Message)
    assert said.template == "protocol file {file}: field '{field}' {problem}"
    problem = said.params["problem"]
    assert isinstance(problem, Message)
    assert problem.template == "must be a two-letter country code such as CN, not {value}"
    assert problem.params == {"value": "'China'"}


def test_unknown_protocol_name_is_a_message() -> None:
    with pytest.raises(ProtocolError) as err:
        load_protocol("nope")
    said = message_of(err.value)
    assert isinstance(said, Message)
    assert said.startswith("no protocol named 'nope'; shipped protocols: ")
    assert "nct07343453" in str(said.params["known"])


def test_protocol_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["protocol", "check", str(NCT)]) == 0
    assert capsys.readouterr().out.startswith("OK: nct07343453")
    bad = tmp_path / "bad.toml"
    bad.write_text("[protocol\n", encoding="utf-8")
    assert main(["protocol", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and err.count("\n") == 1
