"""Files written whole (`newstally.files.replaced`): the old content or all of the new."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newstally.files import replaced

ROOT = Path(__file__).resolve().parents[1]


def test_the_new_content_replaces_the_old_and_no_temporary_file_is_left(tmp_path):
    path = tmp_path / "stories.json"
    path.write_text("old", encoding="utf-8")
    with replaced(path, "w") as fh:
        fh.write("new ")
        fh.write("content")
    assert path.read_text(encoding="utf-8") == "new content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stories.json"]


def test_an_error_while_writing_keeps_the_old_content(tmp_path):
    path = tmp_path / "report.md"
    path.write_bytes(b"old report")
    with pytest.raises(RuntimeError), replaced(path) as fh:
        fh.write(b"half a rep")
        raise RuntimeError("disk full")
    assert path.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_an_error_before_the_first_write_creates_no_file(tmp_path):
    path = tmp_path / "export.csv"
    with pytest.raises(ValueError), replaced(path, "w", newline=""):
        raise ValueError("no rows")
    assert list(tmp_path.iterdir()) == []


def test_text_mode_writes_utf8_and_keeps_newlines_as_given(tmp_path):
    path = tmp_path / "rows.csv"
    with replaced(path, "w", newline="") as fh:
        fh.write("Kyiv – Київ\r\n")
    assert path.read_bytes() == "Kyiv – Київ\r\n".encode()


_SLOW_WRITER = """
import sys, time
from pathlib import Path
from newstally.files import replaced
with replaced(Path(sys.argv[1]), "w") as fh:
    fh.write("partial new content\\n")
    fh.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def test_a_writer_killed_mid_write_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "stories.json"
    path.write_text('{"stories": []}', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    writer = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(path)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == b"writing"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL
    assert path.read_text(encoding="utf-8") == '{"stories": []}'
    # The killed writer's temporary file may remain; the next writer replaces the file.
    with replaced(path, "w") as fh:
        fh.write('{"stories": [1]}')
    assert path.read_text(encoding="utf-8") == '{"stories": [1]}'
