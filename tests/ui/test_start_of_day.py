"""At sign-in the window brings the records up to today: protocol files registered, calendars re-derived."""

from __future__ import annotations

from typing import Any

from app.services import protocols
from app.services.audit import SystemActor
from app.services.protocols import shipped_protocols
from app.ui.service_backend import ServiceBackend


def test_start_of_day_registers_the_protocols_and_walks_every_calendar(
    backend: ServiceBackend, database: Any
) -> None:
    admin = backend.create_first_admin("li.na", "Li Na", "correct horse battery")
    assert protocols.list_protocol_versions(database.uow(SystemActor("test"))) == []
    assert backend.start_of_day(admin) == 0  # no subject yet
    registered = {v.protocol_id for v in protocols.list_protocol_versions(database.uow(SystemActor("test")))}
    assert registered == set(shipped_protocols())
    assert backend.start_of_day(admin) == 0  # a second run registers nothing new
    assert len(protocols.list_protocol_versions(database.uow(SystemActor("test")))) == len(registered)
