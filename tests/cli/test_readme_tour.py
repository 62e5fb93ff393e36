"""The README's tour runs as written (issue 16): every command of the ``sh`` blocks of
"A five-minute tour" and "The rest of the day's work", in order, on a fresh database,
from the repository root (the ``parse`` line reads ``../shared/samples/...``), each
exiting 0. The CLI runs in-process; the database the tour exports is a fresh one under
the test's temporary folder instead of ``var/tour.sqlite``.

Left out, because they need a network or run until stopped (:data:`SKIPPED`):
``serve`` and ``worker`` (servers), ``channel add-sftp`` and ``fetch`` (a real SFTP
mailbox), and the shell's own ``. .venv/bin/activate``.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from reskontro.cli.common import GLOBAL_DB
from reskontro.testing.cli import run

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("## A five-minute tour", "## The rest of the day's work")
SKIPPED = (". .venv/bin/activate", "reskontro serve", "reskontro worker",
           "reskontro channel add-sftp", "reskontro fetch")  # fmt: skip


def tour_commands(readme: str) -> tuple[list[str], list[str]]:
    """The tour's commands in order (continuations joined, comments dropped, ``a ; b``
    split), and the ones skipped."""
    commands: list[str] = []
    skipped: list[str] = []
    for section in SECTIONS:
        start = readme.index(section)
        end = readme.find("\n## ", start + len(section))
        text = readme[start : end if end != -1 else None]
        for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
            for line in block.replace("\\\n", " ").splitlines():
                words = shlex.split(line, comments=True)
                if not words:
                    continue
                for part in " ".join(shlex.quote(w) for w in words).split(" ';' "):
                    command = part.strip()
                    if command.startswith(SKIPPED):
                        skipped.append(command)
                    else:
                        commands.append(command)
    return commands, skipped


def test_the_tour_is_found_whole() -> None:
    commands, skipped = tour_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert commands[0] == "export RESKONTRO_DATABASE_URL=sqlite:///var/tour.sqlite"
    assert "reskontro aging" in commands
    assert "reskontro overdue" in commands
    assert len(commands) > 30
    assert [c.split()[1] for c in skipped if c.startswith("reskontro")] == [
        "serve", "channel", "fetch", "worker",
    ]  # fmt: skip


@pytest.mark.slow
def test_the_readme_tour_runs_literally(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    (ROOT / "var").mkdir(exist_ok=True)  # `pdf invoice 1 --out var/faktura-1.pdf`
    commands, _ = tour_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    for command in commands:
        words = shlex.split(command)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            if name == "RESKONTRO_DATABASE_URL":
                value = f"sqlite:///{tmp_path / 'tour.sqlite'}"
            monkeypatch.setenv(name, value)
            continue
        assert words[0] == "reskontro", command
        result = run(capsys, *words[1:])
        assert result.code == 0, (command, result.out[-2000:], result.err)
    GLOBAL_DB["url"] = None
    assert os.environ["RESKONTRO_DATABASE_URL"].endswith("tour.sqlite")
