"""`hechting score` on a large file against a plain pandas read-and-write of the same file.

    python bench/score_file.py [--rows 1000000] [--format csv|parquet|sav] [ECR_CSV]

Builds a file of ``--rows`` rows drawn (seeded, with replacement) from the shared ECR data, then
runs, each in its own process, ``hechting score FILE --instrument ecr -o OUT`` and
``pandas.read_csv(FILE).to_csv(OUT)``, and prints wall time and peak memory (max RSS) of each.
The last figure, ``ratio=``, is the command's time over pandas' time (the goal is <= 1; memory
goal: < 500 MB). Prints the figures; no goals are asserted here.
"""

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SHARED = Path(os.environ.get("HECHTING_SHARED", Path(__file__).resolve().parents[2] / "shared"))
PANDAS = "import pandas as pd, sys; pd.read_csv(sys.argv[1]).to_csv(sys.argv[2], index=False)"


def build(source: Path, rows: int, target: Path) -> None:
    """``rows`` data lines drawn from ``source`` (seed 12), written in blocks to stay small."""
    with gzip.open(source, "rt", encoding="utf-8") as f:
        header, *lines = f.read().splitlines()
    rng = np.random.default_rng(12)
    with open(target, "w", encoding="utf-8") as out:
        out.write(header + "\n")
        for start in range(0, rows, 100_000):
            pick = rng.integers(0, len(lines), size=min(100_000, rows - start))
            out.write("\n".join(lines[i] for i in pick) + "\n")


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{cmd[:4]} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source", nargs="?", type=Path, default=SHARED / "data/ecr/ecr-responses.csv.gz"
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=("csv", "parquet", "sav"), default="csv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "ecr-big.csv"
        build(args.source, args.rows, big)
        size = big.stat().st_size / 1e6
        out = Path(tmp) / f"scores.{args.format}"
        t_cmd, m_cmd = measure(
            [sys.executable, "-m", "hechting", "score", str(big), "--instrument", "ecr",
             "-o", str(out), "--format", args.format]
        )  # fmt: skip
        t_pd, m_pd = measure([sys.executable, "-c", PANDAS, str(big), str(Path(tmp) / "pd.csv")])
    print(
        f"{args.rows} rows ({size:.0f} MB): hechting score -> {args.format}: {t_cmd:.2f} s, "
        f"peak {m_cmd:.0f} MB; pandas read+write: {t_pd:.2f} s, peak {m_pd:.0f} MB; "
        f"ratio={t_cmd / t_pd:.2f}"
    )


if __name__ == "__main__":
    main()
