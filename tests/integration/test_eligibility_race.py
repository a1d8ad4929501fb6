"""Two investigators signing one subject's eligibility at the same moment: one signature, one plain refusal."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

from sqlalchemy import func, select

from app.models import EligibilityDecision, Signature
from app.services import eligibility
from app.services.database import Database, check_database
from app.services.users import UserInfo

from ._race import one_wins, race, uow
from ._services import PASSWORD, World


def sign(database: Database, user: UserInfo, now: datetime, subject_id: int) -> object:
    view = eligibility.sign_eligibility(uow(database, user, now), subject_id, PASSWORD)
    return view.decision.kind if view.decision else None


def test_two_investigators_signing_one_eligibility(database: Database, database_url: str) -> None:
    world = World.build(database).at(date(2026, 3, 2))
    subject = world.enrol()
    world.weigh(subject)
    world.screening_evidence(subject)
    act = partial(sign, now=world.now, subject_id=subject)
    outcomes = race(
        database_url,
        partial(act, user=world.user("investigator")),
        partial(act, user=world.user("doctor_pharmacist")),
    )
    refusal = one_wins(outcomes, refusal="")
    assert any(words in refusal for words in ("Someone else just did this", "already decided", "same moment"))
    with world.uow(None) as work:
        assert work.session.scalar(select(func.count()).select_from(EligibilityDecision)) == 1
        signed = work.session.scalar(
            select(func.count())
            .select_from(Signature)
            .where(Signature.record_table == "eligibility_decisions")
        )
        assert signed == 1
    assert check_database(database) == []
