"""`hechting cat simulate`: the JSON summary on real answers, the plot, and bad input."""

import gzip
import json

import pytest

from hechting.cli import main
from hechting.psychometrics.cat import DEFAULT_SETTINGS

KEYS = {
    "n", "mean_items", "p90_items", "r_anxiety", "r_avoidance", "rmse_anxiety",
    "rmse_avoidance", "style_agreement", "baseline_ecr_s",
}  # fmt: skip


@pytest.fixture(scope="module")
def small_file(ecr_path, tmp_path_factory):
    """The first 400 rows of the shared file (a temporary file, never committed)."""
    with gzip.open(ecr_path, "rt", encoding="utf-8") as f:
        lines = [next(f) for _ in range(401)]
    path = tmp_path_factory.mktemp("cat") / "ecr-400.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def complete_rows(path):
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return sum(all(v != "0" for v in row.split(",")[:36]) for row in rows)


@pytest.mark.realdata
def test_it_prints_the_json_summary(small_file, capsys):
    assert main(["cat", "simulate", str(small_file), "--instrument", "ecr", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == KEYS
    assert isinstance(out["n"], int) and out["n"] == complete_rows(small_file)
    for key in KEYS - {"n", "baseline_ecr_s"}:
        assert isinstance(out[key], float), key
    assert 1 <= out["mean_items"] <= out["p90_items"] <= 36
    assert 0.8 < out["r_anxiety"] <= 1 and 0.8 < out["r_avoidance"] <= 1
    assert 0 < out["rmse_anxiety"] < 1 and 0 < out["style_agreement"] <= 1
    base = out["baseline_ecr_s"]
    assert set(base) == {"items", "r_anxiety", "r_avoidance", "style_agreement"}
    assert base["items"] == 12 and all(isinstance(base[k], float) for k in set(base) - {"items"})


@pytest.mark.realdata
def test_it_honours_max_items_and_se(small_file, capsys):
    args = ["cat", "simulate", str(small_file), "--instrument", "ecr", "--json"]
    assert main([*args, "--max-items", "6"]) == 0
    capped = json.loads(capsys.readouterr().out)
    assert capped["mean_items"] == 6 and capped["p90_items"] == 6
    assert main(args) == 0
    default = json.loads(capsys.readouterr().out)
    assert main([*args, "--se", "0.6"]) == 0
    loose = json.loads(capsys.readouterr().out)
    # the SD rule only adds a reason to stop: shorter, but never below the minimum length
    assert DEFAULT_SETTINGS.min_items <= loose["mean_items"] < default["mean_items"]


@pytest.mark.realdata
def test_it_writes_a_table_and_a_plot(small_file, tmp_path, capsys):
    plot = tmp_path / "cat.svg"
    args = ["cat", "simulate", str(small_file), "--instrument", "ecr", "--plot", str(plot)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "ECR-S (12 items, EAP)" in out and "CAT (defaults)" in out
    assert f"plot: {plot}" in out
    assert plot.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def _write(tmp_path, text, name="bad.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = ",".join(f"Q{i}" for i in range(1, 37))


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (None, [], "no such file"),
        (HEADER + "\n" + ",".join(["3"] * 35 + ["7"]) + "\n", [], "row 2, column Q36"),
        (HEADER.replace(",Q36", "") + "\n" + ",".join(["3"] * 35) + "\n", [], "Q36"),
        (HEADER + "\n" + ",".join(["3"] * 35 + ["0"]) + "\n", [], "no respondent answered all"),
        (HEADER + "\n" + ",".join(["3"] * 36) + "\n", ["--max-items", "0"], "--max-items"),
        (HEADER + "\n" + ",".join(["3"] * 36) + "\n", ["--se", "-1"], "--se"),
        (HEADER + "\n" + ",".join(["3"] * 36) + "\n", ["--plot", "x.pdf"], "--plot"),
    ],
)
def test_it_refuses_bad_input_with_one_line(tmp_path, monkeypatch, capsys, content, extra, message):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "absent.csv" if content is None else _write(tmp_path, content)
    assert main(["cat", "simulate", str(path), "--instrument", "ecr", *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("hechting cat: error:")
    assert not (tmp_path / "cat-simulate.svg").exists()
