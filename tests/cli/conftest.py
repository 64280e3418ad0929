"""Shared fixtures of the command-line tests: the sample as files, JSON Lines and CSV."""

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aftersales_core.sample import data_files


def run_cli(*args, cwd=None):
    """Run ``python -m aftersales_core`` in a fresh process, as a user would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "aftersales_core", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def jsonl_to_csv(source: Path, target: Path, kind: str) -> Path:
    """Write a JSON Lines record file as the CSV the reader accepts."""
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    with target.open("w", encoding="utf-8", newline="") as out:
        if kind == "tickets":
            writer = csv.writer(out)
            writer.writerow(["ticket_id", "kind", "at", "actor", "note", "data"])
            for row in rows:
                for event in row["events"]:
                    data = json.dumps(event["data"], ensure_ascii=False) if "data" in event else ""
                    writer.writerow(
                        [
                            row["id"],
                            event["kind"],
                            event["at"],
                            event.get("actor", ""),
                            event.get("note", ""),
                            data,
                        ]
                    )
        else:
            columns = sorted({key for row in rows for key in row})
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return target


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory):
    """The shipped sample copied to a folder, with CSV versions of the record files."""
    folder = tmp_path_factory.mktemp("sample")
    found = {}
    for kind, path in data_files().items():
        found[kind] = Path(shutil.copy(path, folder / path.name))
    for kind in ("tickets", "purchases", "surveys"):
        found[f"{kind}_csv"] = jsonl_to_csv(found[kind], folder / f"{kind}.csv", kind)
    return found


@pytest.fixture
def cli():
    return run_cli
