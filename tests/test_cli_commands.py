"""The command line loads a command's module only when it runs: every command and
subcommand is still there, each with its help."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click

from followthrough.cli import main


def _all_loaded() -> dict[str, click.Command]:
    for module, _name in main.COMMANDS.values():
        importlib.import_module(f"followthrough.cli.{module}")
    for modules in main.EXTENDS.values():
        for module in modules:
            importlib.import_module(f"followthrough.cli.{module}")
    return {
        name: getattr(importlib.import_module(f"followthrough.cli.{module}"), attr)
        for name, (module, attr) in main.COMMANDS.items()
    }


def test_every_group_lists_all_its_subcommands_when_loaded_on_its_own() -> None:
    commands = _all_loaded()
    groups = {name: sorted(c.commands) for name, c in commands.items() if isinstance(c, click.Group)}
    assert {"profile", "contact", "event", "away", "playbook", "server"} <= set(groups)
    script = (
        "import sys, click\n"
        "from followthrough.cli.main import cli\n"
        "ctx = click.Context(cli, info_name='followthrough')\n"
        "for name in sys.argv[1:]:\n"
        "    print(name, *sorted(cli.get_command(ctx, name).commands))\n"
    )
    for name, expected in groups.items():  # a fresh process each: nothing loaded beforehand
        out = subprocess.run([sys.executable, "-c", script, name], capture_output=True, text=True, check=True)
        assert out.stdout.split() == [name, *expected], out.stderr


def test_the_command_table_names_every_command_of_every_module() -> None:
    commands = _all_loaded()
    for name, command in commands.items():
        assert command.name in (name, "agenda"), (name, command.name)  # 'today' is the agenda's other name
        assert command.help, f"{name} has no help"


def test_help_and_a_later_db_touch_no_other_database(tmp_path: Path) -> None:
    """A mistyped $FOLLOWTHROUGH_DB neither stops a command's help nor the --db it names,
    and nothing is created in the data directory on the way."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "FOLLOWTHROUGH_DB"))}
    env |= {"HOME": str(home), "FOLLOWTHROUGH_DB": str(tmp_path / "missing" / "x.sqlite3")}
    chosen = tmp_path / "chosen.sqlite3"
    for words in (["--help"], ["list", "--help"], ["list", "--db", str(chosen)]):
        done = subprocess.run([sys.executable, "-m", "followthrough", *words], env=env, capture_output=True, text=True)
        assert done.returncode == 0, (words, done.stderr)
    assert chosen.exists()
    assert not home.exists(), sorted(str(p) for p in home.rglob("*"))
    assert not (tmp_path / "missing").exists()
