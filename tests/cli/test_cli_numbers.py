"""Out-of-range numbers on the command line: an error line and exit 1 (or a usage error,
exit 2), never a traceback (issue 16). Walks every command with an integer argument or
option and gives it 2⁶³, 10²⁰ and −1 in turn; a unit price of 1e30 likewise."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import typer

from reskontro.cli.main import app
from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

HUGE = (str(2**63), str(10**20), "-1")
#: Commands that serve or loop until stopped.
SKIPPED = {("serve",), ("worker",)}


def _commands(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    if hasattr(command, "commands"):
        return [found for name, sub in sorted(command.commands.items())
                for found in _commands(sub, (*prefix, name))]  # fmt: skip
    return [(prefix, command)]


def _is_int(param: Any) -> bool:
    annotation = param.type_descriptor.annotation
    return annotation is int or annotation == (int | None)


def _args(command: Any, target: Any, value: str) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if param is not target and not param.required:
            continue
        text = value if param is target else "1" if _is_int(param) else "x"
        if param.name in {"password"} and param is not target:
            text = "et-langt-passord"
        if param.param_type_name == "argument":
            args.append(text)
        else:
            args.extend([param.opts[0], text])
    return args


@pytest.mark.slow
@pytest.mark.parametrize("value", HUGE)
def test_huge_numbers_give_an_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert run(capsys, "demo", "--db", db).code == 0
    checked = 0
    for path, command in _commands(typer.main.get_command(app)):
        if path in SKIPPED or not any(p.name == "db" for p in command.params):
            continue
        for param in command.params:
            if not _is_int(param):
                continue
            args = [*path, *_args(command, param, value), "--db", db]
            result = run(capsys, *args)
            checked += 1
            assert result.code in {0, 1, 2}, (args, result)
            assert "Traceback" not in result.err, (args, result.err)
            if result.code == 1:
                assert result.err.startswith("error: "), (args, result.err)
    assert checked > 30


def test_a_unit_price_of_1e30(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert run(capsys, "demo", "--db", db).code == 0
    for price in ("1e30", "1" + "0" * 30, "10000000000001"):
        r = run(capsys, "invoice", "create", "--customer", "10001", "--line",
                f"Vare|1|{price}|25", "--db", db)  # fmt: skip
        assert r.code == 1, r
        assert r.err.startswith("error: ")
    big = run(capsys, "invoice", "show", "99999999999999999999", "--db", db)
    assert big.code == 1
    assert "out of range" in big.err or "no invoice" in big.err
