"""DoseDesk: pharmacy and coordinator desk for the NCT07343453 trial."""

__version__ = "0.1.0"
