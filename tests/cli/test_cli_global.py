"""Options before the command: ``reskontro --db URL invoice list`` works like
``reskontro invoice list --db URL``; the command's own option wins (issue 16)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_db_before_or_after_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    one = f"sqlite:///{tmp_path / 'one.sqlite'}"
    two = f"sqlite:///{tmp_path / 'two.sqlite'}"
    created = run(capsys, "--db", one, "company", "create", "--name", "Før AS",
                  "--org-number", "123456785", "--account", "12345678903")  # fmt: skip
    assert created.code == 0, created.err
    assert (tmp_path / "one.sqlite").exists()
    before = run(capsys, "--db", one, "company", "list", "--json")
    after = run(capsys, "company", "list", "--json", "--db", one)
    assert before.code == after.code == 0
    assert before.json == after.json
    assert [c["name"] for c in before.json] == ["Før AS"]
    # Both given: the command's own --db wins.
    both = run(capsys, "--db", one, "company", "list", "--json", "--db", two)
    assert (both.code, both.json) == (0, [])
    # And the global one does not linger into the next run.
    assert run(capsys, "company", "list", "--json", "--db", two).json == []
