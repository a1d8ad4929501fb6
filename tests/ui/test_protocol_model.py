"""The protocol parameter table: every value listed, unconfirmed ones highlighted and filterable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.protocol import load_protocol
from app.ui.models.protocol import UNCONFIRMED_COLOUR, ProtocolModel, protocol_parameters

PROTOCOL = load_protocol("nct07343453")


def test_parameters_name_values_as_the_file_does():
    params = {p.name: p for p in protocol_parameters(PROTOCOL)}
    assert params["regimen.cycle_length_days"].value == "28"
    assert not params["regimen.cycle_length_days"].unconfirmed
    assert params["regimen.dose_levels_mg_per_kg"].value == "5, 4, 3"
    assert params["regimen.dose_levels_mg_per_kg"].unconfirmed
    assert params["product.vial_strength_mg"].value == "200"
    assert params["product.vial_strength_mg"].unconfirmed  # "product" is unconfirmed as a whole
    assert params["criteria_to_treat.criteria[0].limits.1"].unconfirmed
    assert params["preparation.final_concentration_min_mg_per_ml"].value == "—"


def test_model_highlights_and_filters_unconfirmed(qtmodeltester):
    model = ProtocolModel()
    model.set_protocol(PROTOCOL)
    qtmodeltester.check(model)
    total = model.rowCount()
    row = next(r for r in range(total) if model.parameter(r).name == "schedule.window_before_days")
    assert model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole).color() == UNCONFIRMED_COLOUR
    assert model.data(model.index(row, 2)) == "unconfirmed default"
    model.set_only_unconfirmed(True)
    qtmodeltester.check(model)
    assert model.rowCount() == model.unconfirmed_count() < total
    assert all(model.parameter(r).unconfirmed for r in range(model.rowCount()))
