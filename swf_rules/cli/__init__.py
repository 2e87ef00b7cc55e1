"""The ``swf-rules`` command line: one module per command group, dispatched by :mod:`.main`."""

from .main import main

__all__ = ["main"]
