"""Qt item models: small, read-only tables over plain values the services return."""
