"""A progress bar on stderr for the long commands (``invoice bulk``, ``recurring run``).

Shown only on a terminal and never with ``--json``: stdout stays the command's answer.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from reskontro.cli.common import err_console

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from rich.console import Console


@contextmanager
def progress_bar(
    enabled: bool, what: str, console: Console | None = None
) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a bar while the block runs (None
    when not ``enabled``)."""
    if not enabled:
        yield None
        return
    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console or err_console) as bar:
        task = bar.add_task(what, total=None)

        def show(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield show


__all__ = ["progress_bar"]
