"""Pure clinical core: protocol files into frozen dataclasses."""

from app.protocol.loader import (
    ProtocolError,
    ShippedMatch,
    load_protocol,
    load_protocol_file,
    parse_protocol,
    shipped_match,
    shipped_protocols,
)
from app.protocol.model import Protocol

__all__ = [
    "Protocol",
    "ProtocolError",
    "ShippedMatch",
    "load_protocol",
    "load_protocol_file",
    "parse_protocol",
    "shipped_match",
    "shipped_protocols",
]
