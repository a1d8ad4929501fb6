"""Headless commands of the `dosedesk` command line.

Each module here exposes ``register(subparsers)``, which adds one sub-command whose handler is set with
``parser.set_defaults(handler=func)``. A handler takes the parsed arguments and returns the exit status.
The command line discovers the modules, so a new command needs no edit elsewhere.
"""
