"""`hechting score` for researchers: SPSS and Parquet in and out, chunked reading, and outputs
that are never left half-written or replaced when they are not regular files."""

import csv
import gzip
import io
import math
import os
import stat
import threading

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest

from hechting.cli import main
from hechting.commands import score
from hechting.commands.score_labels import LABELS
from hechting.datafiles.sav import Variable, write_sav

ITEMS = [f"Q{i}" for i in range(1, 37)]


def _write(path, header, rows, delimiter=","):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _rows(n, seed=0):
    return np.random.default_rng(seed).integers(1, 6, size=(n, 36)).tolist()


def _score(capsys, *argv):
    status = main(["score", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


def _csv_table(path):
    with open(path, newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def _bad(capsys, *argv):
    status, out, err = _score(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("hechting score: error: ")
    return err


# --- SPSS --------------------------------------------------------------------------------


@pytest.mark.realdata
def test_it_writes_the_real_ecr_file_as_sav_with_the_values_of_the_csv(ecr_path, tmp_path, capsys):
    as_csv, as_sav = tmp_path / "scores.csv", tmp_path / "scores.sav"
    assert _score(capsys, ecr_path, "--instrument", "ecr", "-o", as_csv)[0] == 0
    assert _score(capsys, ecr_path, "--instrument", "ecr", "-o", as_sav)[0] == 0
    header, rows = _csv_table(as_csv)
    frame, meta = pyreadstat.read_sav(str(as_sav), apply_value_formats=True)
    assert list(frame.columns) == header
    assert len(frame) == len(rows) == 30_894
    for j, name in enumerate(header):
        column = frame[name].tolist()
        for row, got in zip(rows, column, strict=True):
            want = row[j]
            if name in ("country", "note", "style"):  # text, and style via its value labels
                assert (got if isinstance(got, str) else "") == want, (name, got, want)
            elif want == "":
                assert math.isnan(got), (name, got)
            else:
                assert got == float(want), (name, got, want)
    assert meta.column_names_to_labels["anxiety_theta"] == "Anxiety: IRT score (EAP theta)"
    assert meta.variable_value_labels["style"] == {
        1.0: "secure",
        2.0: "anxious",
        3.0: "avoidant",
        4.0: "fearful",
        9.0: "not scored (too few answers)",
    }
    _, declared = pyreadstat.read_sav(str(as_sav), metadataonly=True, user_missing=True)
    assert declared.missing_ranges == {"style": [{"lo": 9.0, "hi": 9.0}]}
    assert meta.variable_measure["anxiety_theta"] == "scale"


def test_it_labels_a_sav_in_dutch(tmp_path, capsys):
    src = _write(
        tmp_path / "in.csv", ["id", *ITEMS], [[f"p{i}", *r] for i, r in enumerate(_rows(3))]
    )
    out = tmp_path / "nl.sav"
    assert _score(capsys, src, "--instrument", "ecr", "-o", out, "--language", "nl")[0] == 0
    frame, meta = pyreadstat.read_sav(str(out), user_missing=True)
    labels = meta.column_names_to_labels
    assert labels["avoidance_mean"] == LABELS["avoidance_mean"][1]
    assert labels["avoidance_mean"].startswith("Hechtingsvermijding")
    assert meta.variable_value_labels["style"][4.0] == "angstig-vermijdend"
    assert frame["id"].tolist() == ["p0", "p1", "p2"]
    assert set(frame["style"]) <= {1.0, 2.0, 3.0, 4.0}


def test_it_declares_the_unscored_style_as_missing(tmp_path, capsys):
    rows = _rows(2)
    rows[1] = [0] * 36
    src = _write(tmp_path / "in.csv", ITEMS, rows)
    out = tmp_path / "out.sav"
    assert _score(capsys, src, "--instrument", "ecr", "-o", out)[0] == 0
    raw, _ = pyreadstat.read_sav(str(out), user_missing=True)
    assert raw["style"].tolist()[1] == 9.0
    plain, _ = pyreadstat.read_sav(str(out))
    assert math.isnan(plain["style"].tolist()[1])
    assert math.isnan(plain["anxiety_theta"].tolist()[1])


def test_it_reads_sav_input_and_scores_it_as_the_csv(tmp_path, capsys):
    import pandas as pd

    rows = _rows(5, seed=3)
    rows[2][7] = 0  # not answered
    src_csv = _write(
        tmp_path / "in.csv", ["id", *ITEMS], [[f"p{i}", *r] for i, r in enumerate(rows)]
    )
    data = {"id": [f"p{i}" for i in range(5)]}
    data.update({q: [float(r[j]) for r in rows] for j, q in enumerate(ITEMS)})
    variables = [Variable("id", "Person"), *(Variable(q, f"ECR item {q}") for q in ITEMS)]
    src_sav = tmp_path / "in.sav"
    write_sav(src_sav, pd.DataFrame(data), variables)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert _score(capsys, src_csv, "--instrument", "ecr", "-o", a)[0] == 0
    assert _score(capsys, src_sav, "--instrument", "ecr", "-o", b)[0] == 0
    assert a.read_text() == b.read_text()
    out = tmp_path / "c.sav"
    assert _score(capsys, src_sav, "--instrument", "ecr", "-o", out)[0] == 0
    _, meta = pyreadstat.read_sav(str(out), metadataonly=True)
    assert meta.column_names_to_labels["id"] == "Person"  # the input's labels come along


def test_it_names_row_and_column_of_a_bad_answer_in_a_sav(tmp_path, capsys):
    import pandas as pd

    rows = _rows(4)
    rows[2][4] = 7
    frame = pd.DataFrame({q: [float(r[j]) for r in rows] for j, q in enumerate(ITEMS)})
    src = tmp_path / "in.sav"
    write_sav(src, frame, [Variable(q) for q in ITEMS])
    err = _bad(capsys, src, "--instrument", "ecr", "-o", tmp_path / "out.csv")
    assert "in.sav: row 3, column Q5: 7.0 is not an answer" in err
    assert not (tmp_path / "out.csv").exists()


def test_it_refuses_a_broken_sav(tmp_path, capsys):
    src = tmp_path / "in.sav"
    src.write_bytes(b"$FL2" + os.urandom(300))
    assert "not a readable SPSS file" in _bad(capsys, src, "--instrument", "ecr")


def test_the_sav_writer_checks_its_variables(tmp_path):
    import pandas as pd

    with pytest.raises(ValueError, match="differ"):
        write_sav(tmp_path / "x.sav", pd.DataFrame({"a": [1.0]}), [Variable("b")])


# --- Parquet -----------------------------------------------------------------------------


def test_it_writes_and_reads_parquet(tmp_path, capsys):
    rows = _rows(6, seed=9)
    src = _write(tmp_path / "in.csv", ["id", *ITEMS], [[f"p{i}", *r] for i, r in enumerate(rows)])
    ref, out = tmp_path / "ref.csv", tmp_path / "out.parquet"
    assert _score(capsys, src, "--instrument", "ecr", "-o", ref)[0] == 0
    assert _score(capsys, src, "--instrument", "ecr", "-o", out)[0] == 0
    header, want = _csv_table(ref)
    table = pq.read_table(out)
    assert table.column_names == header
    assert table.schema.metadata[b"hechting.instrument"] == b"ecr"
    got = table.to_pylist()
    for row, expected in zip(got, want, strict=True):
        for name, value in zip(header, expected, strict=True):
            cell = row[name]
            assert (cell if isinstance(cell, str) else ("" if cell is None else float(value))) == (
                value if isinstance(cell, str) or cell is None else cell
            )
    # Parquet in, with integer answers: the same scores as the CSV.
    items = pa.table(
        {
            "id": [f"p{i}" for i in range(6)],
            **{q: [r[j] for r in rows] for j, q in enumerate(ITEMS)},
        }
    )
    pq.write_table(items, tmp_path / "in.parquet")
    again = tmp_path / "again.csv"
    assert _score(capsys, tmp_path / "in.parquet", "--instrument", "ecr", "-o", again)[0] == 0
    assert again.read_text() == ref.read_text()


def test_it_names_row_and_column_of_a_bad_answer_in_parquet(tmp_path, capsys):
    columns = {q: pa.array([3, 3, 3], pa.int64()) for q in ITEMS}
    columns["Q9"] = pa.array([3, 3, 6], pa.int64())
    pq.write_table(pa.table(columns), tmp_path / "in.parquet")
    err = _bad(capsys, tmp_path / "in.parquet", "--instrument", "ecr")
    assert "row 3, column Q9: 6 is not an answer" in err


# --- chunks ------------------------------------------------------------------------------


def test_chunked_scoring_gives_the_same_file(tmp_path, capsys, monkeypatch):
    rows = [[f"p{i}", *r] for i, r in enumerate(_rows(50, seed=4))]
    src = _write(tmp_path / "in.csv", ["id", *ITEMS], rows)
    whole, parts = tmp_path / "whole.csv", tmp_path / "parts.csv"
    assert _score(capsys, src, "--instrument", "ecr", "-o", whole)[0] == 0
    monkeypatch.setattr(score, "CHUNK_ROWS", 7)
    assert _score(capsys, src, "--instrument", "ecr", "-o", parts)[0] == 0
    assert parts.read_text() == whole.read_text()


def test_a_late_error_names_its_row_past_blank_lines_and_a_multiline_cell(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(score, "CHUNK_ROWS", 5)
    lines = [",".join(["remark", *ITEMS])]
    for i, r in enumerate(_rows(30)):
        note = '"two\nlines"' if i == 3 else "x"
        lines.append(",".join([note, *map(str, r)]))
        if i in (5, 11):
            lines.append("")
    lines[25] = lines[25].replace(",", ",8,", 1).rsplit(",", 1)[0]  # answer 8 in Q1
    src = tmp_path / "in.csv"
    src.write_text("\n".join(lines) + "\n")
    err = _bad(capsys, src, "--instrument", "ecr")
    assert "row 26, column Q1: '8' is not an answer" in err


# --- hostile input -----------------------------------------------------------------------


def test_it_refuses_random_bytes_in_one_line(tmp_path, capsys):
    src = tmp_path / "noise.csv"
    src.write_bytes(np.random.default_rng(1).integers(0, 256, 20_000, dtype=np.uint8).tobytes())
    err = _bad(capsys, src, "--instrument", "ecr")
    assert "noise.csv: row" in err and "Traceback" not in err


def test_it_refuses_a_gzip_that_expands_to_a_huge_line(tmp_path, capsys):
    src = tmp_path / "bomb.csv.gz"
    src.write_bytes(gzip.compress(b"\0" * (8 << 20), compresslevel=1))
    err = _bad(capsys, src, "--instrument", "ecr")
    assert "row 1: a line longer than 1 MiB" in err


def test_it_escapes_control_characters_of_a_column_name(tmp_path, capsys):
    src = _write(
        tmp_path / "in.csv", ["a\x1b[2Jb", *ITEMS, "a\x1b[2Jb"], [["x", *r, "y"] for r in _rows(1)]
    )
    err = _bad(capsys, src, "--instrument", "ecr")
    assert "\x1b" not in err and "a\\x1b[2Jb" in err


# --- outputs -----------------------------------------------------------------------------


def test_it_refuses_a_folder_as_output(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", ITEMS, _rows(1))
    (tmp_path / "dir").mkdir()
    assert "is a folder" in _bad(capsys, src, "--instrument", "ecr", "-o", tmp_path / "dir")
    assert (tmp_path / "dir").is_dir()


def test_an_existing_output_keeps_its_permissions(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", ITEMS, _rows(2))
    out = tmp_path / "out.csv"
    out.write_text("old")
    out.chmod(0o640)
    assert _score(capsys, src, "--instrument", "ecr", "-o", out)[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text().startswith("anxiety_mean")
    new = tmp_path / "new.csv"
    old_umask = os.umask(0o027)
    try:
        assert _score(capsys, src, "--instrument", "ecr", "-o", new)[0] == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o640


def test_it_writes_into_a_fifo_without_replacing_it(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", ITEMS, _rows(3))
    ref = tmp_path / "ref.csv"
    assert _score(capsys, src, "--instrument", "ecr", "-o", ref)[0] == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert _score(capsys, src, "--instrument", "ecr", "-o", fifo)[0] == 0
    reader.join(timeout=10)
    assert got == [ref.read_bytes()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_it_writes_into_dev_null_without_replacing_it(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", ITEMS, _rows(1))
    before = os.stat("/dev/null")
    assert _score(capsys, src, "--instrument", "ecr", "-o", "/dev/null")[0] == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
