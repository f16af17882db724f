"""`hechting score`: real data end to end, formats, pass-through columns, and malformed files."""

import csv
import gzip
import io
import json
import subprocess
import sys

import numpy as np
import pytest

from hechting.cli import main
from hechting.psychometrics.instruments import load_instrument
from hechting.psychometrics.scoring import classical_scores

ECR_OUT = [
    "anxiety_mean",
    "avoidance_mean",
    "anxiety_theta",
    "anxiety_se",
    "avoidance_theta",
    "avoidance_se",
    "anxiety_percentile",
    "avoidance_percentile",
    "p_secure",
    "p_anxious",
    "p_avoidant",
    "p_fearful",
    "style",
    "note",
]
RSES_OUT = ["rses_sum", "rses_mean", "rses_percentile", "rses_t", "note"]
ITEMS = [f"Q{i}" for i in range(1, 37)]


def _write(path, header, rows, delimiter=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _ecr_rows(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(1, 6, size=(n, 36)).tolist()


def _read_csv(path, delimiter=","):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f, delimiter=delimiter))


def _score(capsys, *argv):
    status = main(["score", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


# --- happy paths -------------------------------------------------------------------------


def test_it_passes_other_columns_through_in_order_with_semicolons(tmp_path, capsys):
    header = ["id", *ITEMS[:18], "age", *ITEMS[18:], "group"]
    rows = [[f"p{i}", *r[:18], "34", *r[18:], "x"] for i, r in enumerate(_ecr_rows(3))]
    src = _write(tmp_path / "in.csv", header, rows, delimiter=";")
    out = tmp_path / "out.csv"
    status, stdout, err = _score(capsys, src, "--instrument", "ecr", "-o", out)
    assert (status, stdout, err) == (0, "", "")
    table = _read_csv(out, delimiter=";")
    assert table[0] == ["id", "age", "group", *ECR_OUT]
    assert [row[0] for row in table[1:]] == ["p0", "p1", "p2"]
    assert all(row[1:3] == ["34", "x"] for row in table[1:])
    raw = np.array([r for r in _ecr_rows(3)], dtype=float)
    want = classical_scores(load_instrument("ecr"), raw)["anxiety"].mean
    got = [float(row[3]) for row in table[1:]]
    assert got == pytest.approx(want, abs=5e-5)
    for row in table[1:]:
        probs = [float(v) for v in row[11:15]]
        assert sum(probs) == pytest.approx(1, abs=5e-4)
        assert row[15] in {"secure", "anxious", "avoidant", "fearful"}
        assert row[16] == ""


def test_it_writes_to_stdout_and_reads_gzip(tmp_path, capsys):
    rows = [[*r, "NL"] for r in _ecr_rows(2)]
    plain = _write(tmp_path / "in.csv", [*ITEMS, "country"], rows)
    gz = tmp_path / "in.csv.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    status, out, _ = _score(capsys, gz, "--instrument", "ecr")
    assert status == 0
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == ["country", *ECR_OUT] and len(lines) == 3


def test_it_gives_empty_scores_and_a_note_when_too_few_answers(tmp_path, capsys):
    rows = _ecr_rows(3)
    for j in range(1, 36, 2):  # the anxiety items of person 2 -> not answered, three ways
        rows[1][j] = ["0", "-1", ""][j % 3]
    for j in range(1, 8, 2):  # person 3: 4 of 18 anxiety items missing
        rows[2][j] = 0
    src = _write(tmp_path / "in.csv", ITEMS, rows)
    status, out, _ = _score(capsys, src, "--instrument", "ecr")
    assert status == 0
    table = [dict(zip(ECR_OUT, row, strict=True)) for row in list(csv.reader(io.StringIO(out)))[1:]]
    assert table[0]["note"] == "" and table[0]["style"]
    for person in table[1:]:
        for name in ("anxiety_mean", "anxiety_theta", "anxiety_se", "anxiety_percentile"):
            assert person[name] == ""
        for name in ("p_secure", "p_anxious", "p_avoidant", "p_fearful", "style"):
            assert person[name] == ""
        assert person["avoidance_mean"] != ""
    assert table[1]["note"] == "anxiety: no items answered"
    assert table[2]["note"] == "anxiety: 14 of 18 items answered, at least 15 needed"


def test_it_writes_json(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", ["id", *ITEMS], [["a", *r] for r in _ecr_rows(2)])
    out = tmp_path / "out.json"
    assert _score(capsys, src, "--instrument", "ecr", "-o", out)[0] == 0
    doc = json.loads(out.read_text())
    assert doc["instrument"] == "ecr"
    assert "international online sample" in doc["norms"]
    assert doc["columns"] == ["id", *ECR_OUT]
    assert len(doc["rows"]) == 2
    row = doc["rows"][0]
    assert list(row) == ["id", *ECR_OUT]
    assert row["id"] == "a" and isinstance(row["anxiety_theta"], float)
    assert isinstance(row["style"], str) and row["note"] == ""


def test_it_scores_the_ecr_s_from_its_twelve_columns(tmp_path, capsys):
    ecrs = load_instrument("ecr-s")
    rng = np.random.default_rng(5)
    raw = rng.integers(1, 6, size=(4, 12))
    src = _write(tmp_path / "in.csv", ["id", *ecrs.item_ids], [["x", *r] for r in raw.tolist()])
    status, out, _ = _score(capsys, src, "--instrument", "ecr-s", "--format", "json")
    assert status == 0
    rows = json.loads(out)["rows"]
    want = classical_scores(ecrs, raw.astype(float))
    got = [r["avoidance_mean"] for r in rows]
    assert got == pytest.approx(want["avoidance"].mean, abs=5e-5)


def test_it_scores_the_rses_from_a_tab_file(tmp_path, capsys):
    rows = [["1", 4, 4, 1, 4, 1, 4, 4, 1, 1, 1], ["2", 3, 3, 2, 3, 2, 2, 3, 3, 2, 2]]
    src = _write(tmp_path / "in.tsv", ["id", *ITEMS[:10]], rows, delimiter="\t")
    status, out, _ = _score(capsys, src, "--instrument", "rses")
    assert status == 0
    table = list(csv.reader(io.StringIO(out), delimiter="\t"))
    assert table[0] == ["id", *RSES_OUT]
    assert table[1][1:3] == ["40", "4"] and table[2][1:3] == ["28", "2.8"]
    assert float(table[1][3]) > 95 and float(table[1][4]) > 60


@pytest.mark.realdata
def test_it_scores_the_real_ecr_file(ecr_path, tmp_path, capsys):
    out = tmp_path / "scores.csv"
    status, _, _ = _score(capsys, ecr_path, "--instrument", "ecr", "-o", out)
    assert status == 0
    table = _read_csv(out)
    with gzip.open(ecr_path, "rt") as f:
        source = list(csv.reader(f))
    assert len(table) == len(source)
    assert table[0] == ["age", "gender", "country", *ECR_OUT]
    assert [row[:3] for row in table[1:]] == [row[36:] for row in source[1:]]
    styles = {row[15] for row in table[1:]}
    assert styles == {"secure", "anxious", "avoidant", "fearful", ""}
    unscored = [row for row in table[1:] if row[3] == ""]
    assert unscored and all(row[16] for row in unscored)


@pytest.mark.realdata
def test_it_scores_the_real_rses_file(rse_path, capsys):
    status, out, _ = _score(capsys, rse_path, "--instrument", "rses")
    assert status == 0
    table = list(csv.reader(io.StringIO(out), delimiter="\t"))
    assert table[0] == ["gender", "age", "source", "country", *RSES_OUT]
    sums = np.array([float(r[4]) for r in table[1:] if r[4]])
    assert sums.min() >= 10 and sums.max() <= 40 and len(table) == 47_975


# --- malformed files: exit 2, one line naming row and column, no output file -------------


def _bad(tmp_path, capsys, src, *extra, instrument="ecr"):
    out = tmp_path / "out.csv"
    status, stdout, err = _score(capsys, src, "--instrument", instrument, "-o", out, *extra)
    assert status == 2
    assert stdout == ""
    assert err.count("\n") == 1 and err.startswith("hechting score: error: ")
    assert "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    return err


def test_it_refuses_a_missing_item_column(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", ITEMS[:-1], [r[:-1] for r in _ecr_rows(2)])
    err = _bad(tmp_path, capsys, src)
    assert "row 1" in err and "Q36" in err


@pytest.mark.parametrize("value", ["7", "abc", "2.5", "6", "-2", "nan"])
def test_it_refuses_a_value_that_is_not_an_answer(tmp_path, capsys, value):
    rows = _ecr_rows(4)
    rows[2][4] = value
    src = _write(tmp_path / "in.csv", ["id", *ITEMS], [["x", *r] for r in rows])
    err = _bad(tmp_path, capsys, src)
    assert "row 4, column Q5" in err and repr(value) in err


def test_it_refuses_a_ragged_row(tmp_path, capsys):
    rows = [[*r, "NL"] for r in _ecr_rows(3)]
    rows[1] = rows[1][:-3]
    src = _write(tmp_path / "in.csv", [*ITEMS, "country"], rows)
    err = _bad(tmp_path, capsys, src)
    assert "row 3" in err and "column Q35" in err


def test_it_refuses_a_row_that_is_too_long(tmp_path, capsys):
    rows = _ecr_rows(3)
    rows[2] = [*rows[2], "extra"]
    err = _bad(tmp_path, capsys, _write(tmp_path / "in.csv", ITEMS, rows))
    assert "row 4" in err and "column 37" in err


def test_it_refuses_duplicate_column_names(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", [*ITEMS, "Q7"], [[*r, 1] for r in _ecr_rows(2)])
    err = _bad(tmp_path, capsys, src)
    assert "row 1, column 37" in err and "'Q7'" in err


def test_it_refuses_an_empty_file(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("")
    assert "empty" in _bad(tmp_path, capsys, src)


def test_it_refuses_a_file_with_only_a_header(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", ITEMS, [])
    assert "row 1" in _bad(tmp_path, capsys, src)


def test_it_refuses_an_absent_file(tmp_path, capsys):
    assert "no such file" in _bad(tmp_path, capsys, tmp_path / "nothere.csv")


def test_it_refuses_bytes_that_are_not_utf8(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", ["name", *ITEMS], [["Ana", *r] for r in _ecr_rows(3)])
    src.write_bytes(src.read_bytes().replace(b"Ana", b"An\xe9", 2))
    err = _bad(tmp_path, capsys, src)
    assert "row 2, column name" in err and "UTF-8" in err


def test_it_refuses_a_broken_gzip_file(tmp_path, capsys):
    src = tmp_path / "in.csv.gz"
    src.write_bytes(gzip.compress(b"Q1,Q2\n1,2\n")[:12])
    assert "gzip" in _bad(tmp_path, capsys, src)


def test_it_refuses_an_output_column_name_in_the_input(tmp_path, capsys):
    src = _write(tmp_path / "in.csv", [*ITEMS, "note"], [[*r, "hi"] for r in _ecr_rows(2)])
    assert "row 1, column note" in _bad(tmp_path, capsys, src)


def test_it_leaves_an_existing_output_file_alone_on_error(tmp_path, capsys):
    out = tmp_path / "keep.csv"
    out.write_text("old")
    rows = _ecr_rows(2)
    rows[1][0] = "9"
    src = _write(tmp_path / "in.csv", ITEMS, rows)
    assert _score(capsys, src, "--instrument", "ecr", "-o", out)[0] == 2
    assert out.read_text() == "old"


def test_it_reports_errors_through_the_real_command(tmp_path):
    rows = _ecr_rows(2)
    rows[0][10] = "abc"
    src = _write(tmp_path / "in.csv", ITEMS, rows)
    result = subprocess.run(
        [sys.executable, "-m", "hechting", "score", str(src), "--instrument", "ecr"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "hechting score: error: in.csv: row 2, column Q11: 'abc' is not an answer "
        "(expected 1-5, or 0, -1 or empty for not answered)"
    ]


def test_it_reads_a_dutch_excel_export_with_bom_and_crlf(tmp_path, capsys):
    header = ";".join(["naam", *ITEMS])
    lines = [header] + [";".join(["Anaïs", *map(str, r)]) for r in _ecr_rows(2)]
    src = tmp_path / "excel.csv"
    src.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    status, out, _ = _score(capsys, src, "--instrument", "ecr")
    assert status == 0
    table = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert table[0] == ["naam", *ECR_OUT]
    assert [row[0] for row in table[1:]] == ["Anaïs", "Anaïs"]
