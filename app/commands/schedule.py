"""`dosedesk schedule --history FILE [--as-of DATE] [--until DATE] [--json]`: a patient's calendar.

FILE is JSON:

    {"protocol": "nct07343453", "country": "CN", "c1d1": "2026-01-05",
     "doses": [{"visit": "C1D1", "date": "2026-01-05", "mg_per_kg": "5"}, ...],
     "omitted": ["C2D15"],
     "held": ["C3D1"],
     "off_treatment": {"date": "2026-06-01", "reason": "progression"},
     "booked": [{"visit": "C3D1", "date": "2026-03-03"}],
     "assessments": [{"visit": "TA1", "date": "2026-02-16"}],
     "visits_done": [{"visit": "EOT", "date": "2026-06-03"}],
     "follow_up_end": {"date": "2028-01-01", "reason": "death"}}

Only "protocol" and "c1d1" are needed. "held" lists the dose visits the investigator held: a held Day 1 given
late takes the day it was given as its target. "protocol" is the id of a shipped protocol; `--protocol-file
FILE` uses a protocol file instead (its id must be the history's). Bad input is one line on stderr and exit
status 2: a file that is not UTF-8 JSON (a byte-order mark is allowed), nested too deeply, with numbers of
thousands of digits, NaN or Infinity, or dates outside 1900–2200.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app import inputs
from app.commands._options import add_json_flag, path_argument, print_json, shipped_protocol
from app.errors import InputError
from app.protocol import Protocol, load_protocol_file
from app.scheduling.calendar import Calendar, build_calendar, default_until
from app.scheduling.clinic import ClinicCalendar
from app.scheduling.history import FollowUpEnd, OffTreatment, TreatmentHistory
from app.scheduling.visits import Visit, iso, parse_numbered_label

_KEYS = frozenset(
    {
        "protocol",
        "country",
        "c1d1",
        "doses",
        "omitted",
        "held",
        "off_treatment",
        "booked",
        "assessments",
        "visits_done",
        "follow_up_end",
    }
)


# The most a history file may hold: its size, and how deeply its JSON nests (a treatment history nests three
# levels; far deeper is not a history, and would exhaust Python's stack).
_MAX_HISTORY_BYTES = 10 * 1024 * 1024
_MAX_NESTING = 20


def _cli_date(text: str) -> date:
    try:
        return inputs.calendar_date(text, "The date")
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise InputError(f"{where} must be a date like 2026-01-05, not {inputs.shown(value)}.")
    try:
        return inputs.calendar_date(value, where[0].upper() + where[1:])
    except InputError as exc:
        raise InputError(str(exc)) from None


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where} must be some text, not {inputs.shown(value)}.")
    return inputs.identifier(value, where[0].upper() + where[1:], limit=inputs.MAX_REASON)


def _dated_visits(data: Mapping[str, Any], key: str) -> dict[str, date]:
    """A list of {"visit", "date"} (or an object visit → date) into label → date; no label twice."""
    raw = data.get(key, [])
    items: list[tuple[Any, Any]]
    if isinstance(raw, dict):
        items = list(raw.items())
    elif isinstance(raw, list):
        items = []
        for i, entry in enumerate(raw):
            if not isinstance(entry, dict) or "visit" not in entry or "date" not in entry:
                raise InputError(f'"{key}" entry {i + 1} must have a "visit" and a "date".')
            items.append((entry["visit"], entry["date"]))
    else:
        raise InputError(f'"{key}" must be a list of visits with their dates.')
    out: dict[str, date] = {}
    for label, value in items:
        label = _text(label, f'a visit in "{key}"')
        if label in out:
            raise InputError(f'{label} appears twice in "{key}".')
        out[label] = _date(value, f'the date of {label} in "{key}"')
    return out


def _check_dose_levels(data: Mapping[str, Any]) -> None:
    """A dose's "mg_per_kg", when given, must be a positive number ("5" or 5); the calendar does not use it."""
    doses = data.get("doses", [])
    for entry in doses if isinstance(doses, list) else []:
        if not isinstance(entry, dict) or "mg_per_kg" not in entry:
            continue
        level = entry["mg_per_kg"]
        try:
            if isinstance(level, bool) or not isinstance(level, (str, int, Decimal)):
                raise InputError("not a number")
            inputs.plausible_decimal(level, "The dose level", positive=True)
        except InputError:
            raise InputError(
                f'The dose level of {inputs.shown(entry.get("visit"))} must be a number of mg/kg like "5", '
                f"not {inputs.shown(level)}."
            ) from None


def _stop(data: Mapping[str, Any], key: str) -> tuple[date, str] | None:
    raw = data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, dict) or "date" not in raw:
        raise InputError(f'"{key}" must have a "date" and a "reason".')
    return _date(raw["date"], f'the date of "{key}"'), _text(raw.get("reason"), f'the reason of "{key}"')


def history_from_json(data: Any) -> tuple[str, str | None, TreatmentHistory]:
    """The protocol id, the site's country (or None) and the treatment history of a history file."""
    if not isinstance(data, dict):
        raise InputError("The history file must hold one JSON object.")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(
            f"Unknown key {unknown[0]!r} in the history file; known keys: {', '.join(sorted(_KEYS))}."
        )
    if "protocol" not in data:
        raise InputError('The history file must name its "protocol", e.g. "nct07343453".')
    protocol_id = _text(data["protocol"], '"protocol"')
    country = _text(data["country"], '"country"') if "country" in data else None
    if "c1d1" not in data:
        raise InputError('The history file must give "c1d1", the date of the first dose.')
    c1d1 = _date(data["c1d1"], '"c1d1"')
    _check_dose_levels(data)
    doses = _dated_visits(data, "doses")
    omitted_raw = data.get("omitted", [])
    if not isinstance(omitted_raw, list):
        raise InputError('"omitted" must be a list of visits, e.g. ["C2D15"].')
    omitted = frozenset(_text(label, 'a visit in "omitted"') for label in omitted_raw)
    held_raw = data.get("held", [])
    if not isinstance(held_raw, list):
        raise InputError('"held" must be a list of visits, e.g. ["C3D1"].')
    held = frozenset(_text(label, 'a visit in "held"') for label in held_raw)
    assessments = _dated_visits(data, "assessments")
    for label in assessments:
        parsed = parse_numbered_label(label)
        if parsed is None or parsed[0] != "TA":
            raise InputError(f'{label} in "assessments" is not a tumour assessment (TA1, TA2, …).')
    done = _dated_visits(data, "visits_done")
    for label in done:
        if label in assessments:
            raise InputError(f'{label} appears both in "assessments" and in "visits_done".')
    done.update(assessments)
    off = _stop(data, "off_treatment")
    end = _stop(data, "follow_up_end")
    history = TreatmentHistory(
        c1d1=c1d1,
        doses=doses,
        omitted=omitted,
        booked=_dated_visits(data, "booked"),
        done=done,
        off_treatment=None if off is None else OffTreatment(*off),
        follow_up_end=None if end is None else FollowUpEnd(*end),
        held=held,
    )
    return protocol_id, country, history


def _no_constant(name: str) -> Any:
    raise InputError(f"{name} is not a number a history file may hold.")


def _depth(value: Any) -> int:
    """How deeply `value` nests (a list or an object inside another counts one level), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _read(path: str) -> Any:
    name = inputs.shown(path, 80)
    try:
        with Path(path).open("rb") as stream:
            raw = stream.read(_MAX_HISTORY_BYTES + 1)
    except OSError as exc:
        raise InputError(f"Cannot read the history file {name}: {exc.strerror or exc}.") from None
    except ValueError:  # a NUL in the path
        raise InputError(f"Cannot read the history file {name}: there is no such file.") from None
    if len(raw) > _MAX_HISTORY_BYTES:
        raise InputError(f"The history file {name} is larger than 10 MB: it is not a treatment history.")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is not an error
    except UnicodeDecodeError:
        raise InputError(f"The history file {name} is not UTF-8 text.") from None
    try:
        # Numbers are read exactly (never floats); NaN and Infinity are refused.
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"The history file {name} is not valid JSON (line {exc.lineno}: {exc.msg})."
        ) from None
    except InputError as exc:
        raise InputError(f"The history file {name} is not valid: {exc}") from None
    except RecursionError:
        raise InputError(f"The history file {name} nests too deeply to be a treatment history.") from None
    except ValueError:  # an integer of thousands of digits
        raise InputError(
            f"The history file {name} holds a number far too long to be a date or a dose."
        ) from None
    if _depth(data) > _MAX_NESTING:
        raise InputError(f"The history file {name} nests too deeply to be a treatment history.")
    return data


def visit_to_json(visit: Visit) -> dict[str, Any]:
    return {
        "label": visit.label,
        "kind": visit.kind,
        "cycle": visit.cycle,
        "day": visit.day,
        "target": iso(visit.target),
        "window_start": iso(visit.window_start),
        "window_end": iso(visit.window_end),
        "suggested": iso(visit.suggested),
        "booked": iso(visit.booked),
        "actual": iso(visit.actual),
        "status": visit.status,
        "warnings": [w.message for w in visit.warnings],
    }


def calendar_to_json(calendar: Calendar) -> dict[str, Any]:
    return {"visits": [visit_to_json(v) for v in calendar.visits]}


def _print_text(calendar: Calendar) -> None:
    print(
        f"Calendar as of {calendar.as_of.isoformat()}, visits to happen listed up to {calendar.until.isoformat()}"
    )
    print(
        f"{'visit':<7} {'status':<10} {'target':<11} {'window':<23} {'suggested':<11} {'booked':<11} actual"
    )
    for v in calendar.visits:
        window = f"{v.window_start.isoformat()}..{v.window_end.isoformat()}"
        print(
            f"{v.label:<7} {v.status:<10} {v.target.isoformat():<11} {window:<23} "
            f"{iso(v.suggested) or '-':<11} {iso(v.booked) or '-':<11} {iso(v.actual) or '-'}"
        )
        for warning in v.warnings:
            print(f"        ! {warning.message}")


def _protocol(protocol_id: str, file: str | None) -> Protocol:
    """The shipped protocol the history names, or the `--protocol-file` (which must be that protocol)."""
    if file is None:
        return shipped_protocol(protocol_id)
    protocol = load_protocol_file(file)
    if protocol.id != protocol_id:
        raise InputError(
            f"The history is for protocol {inputs.shown(protocol_id)}, but the protocol file {inputs.shown(file, 80)} "
            f"is protocol {protocol.id}."
        )
    return protocol


def _schedule(args: argparse.Namespace) -> int:
    protocol_id, country, history = history_from_json(_read(args.history))
    protocol = _protocol(protocol_id, args.protocol_file)
    as_of: date = args.as_of or date.today()
    until: date = args.until or default_until(as_of)
    if until < as_of:
        raise InputError(f"--until ({until.isoformat()}) is before --as-of ({as_of.isoformat()}).")
    same = country is None or country == protocol.clinic.country
    clinic = None if same else ClinicCalendar.for_protocol(protocol, country=country)
    calendar = build_calendar(protocol, history, as_of=as_of, until=until, clinic=clinic)
    if args.json:
        print_json(calendar_to_json(calendar))
    else:
        _print_text(calendar)
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schedule", help="lay out a patient's visit calendar from a treatment history"
    )
    parser.add_argument(
        "--history",
        required=True,
        type=path_argument("The treatment history (--history)"),
        metavar="FILE",
        help="the treatment history (JSON)",
    )
    parser.add_argument(
        "--protocol-file",
        metavar="FILE",
        help="a protocol file (TOML) to use instead of the shipped protocol the history names",
    )
    parser.add_argument(
        "--as-of", type=_cli_date, metavar="DATE", help="the date to read the history at (today)"
    )
    parser.add_argument(
        "--until", type=_cli_date, metavar="DATE", help="list visits to happen up to this date (6 months on)"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=_schedule)
