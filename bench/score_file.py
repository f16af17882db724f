"""Time `hechting score` on the shared ECR file: the facade alone, and the whole command.

    python bench/score_file.py [ECR_CSV]

Prints the figures; no goals are asserted here (see the issue for the targets).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hechting.commands.calibrate import read_ecr
from hechting.psychometrics.attachment import load_attachment_model

SHARED = Path(os.environ.get("HECHTING_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def best_of(n, fn):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "data/ecr/ecr-responses.csv.gz"
    t0 = time.perf_counter()
    raw = read_ecr(path)
    t_read = time.perf_counter() - t0
    model = load_attachment_model()
    model.score(raw[:10])
    n = raw.shape[0]
    for instrument in ("ecr", "ecr-s"):
        t = best_of(3, lambda instrument=instrument: model.score(raw, instrument))
        print(f"facade {instrument}: {n} persons in {t:.3f} s ({n / t:,.0f} persons/s)")
    print(f"read + validate {path.name}: {t_read:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scores.csv"
        cmd = [sys.executable, "-m", "hechting", "score", str(path), "--instrument", "ecr"]
        t = best_of(2, lambda: subprocess.run([*cmd, "-o", str(out)], check=True))
        print(f"hechting score --instrument ecr (whole command, incl. start-up): {t:.2f} s")


if __name__ == "__main__":
    main()
