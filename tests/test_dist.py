"""The wheel carries py.typed and installs into a clean virtual environment."""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_carries_py_typed_and_installs_into_a_clean_venv(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("aftersales_core-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "aftersales_core/py.typed" in names
    assert "aftersales_core/__init__.py" in names
    assert not any(name.startswith("tests/") for name in names)

    env_dir = tmp_path / "clean"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True
    )
    # find_spec locates the installed package without importing its dependencies.
    located = subprocess.run(
        [python, "-c", "import importlib.util as u; print(u.find_spec('aftersales_core').origin)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    package_dir = Path(located).parent
    assert package_dir.is_relative_to(env_dir)
    assert (package_dir / "py.typed").is_file()
