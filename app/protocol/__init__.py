"""Pure clinical core: protocol files into frozen dataclasses."""

from app.protocol.loader import (
    ProtocolError,
    load_protocol,
    load_protocol_file,
    parse_protocol,
    shipped_protocols,
)
from app.protocol.model import Protocol

__all__ = [
    "Protocol",
    "ProtocolError",
    "load_protocol",
    "load_protocol_file",
    "parse_protocol",
    "shipped_protocols",
]
