import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("HECHTING_SHARED", Path(__file__).resolve().parents[2] / "shared"))
ECR_CSV = SHARED / "data" / "ecr" / "ecr-responses.csv.gz"
RSE_CSV = SHARED / "data" / "rse" / "rse-responses.csv.gz"


@pytest.fixture(scope="session")
def ecr_path() -> Path:
    if not ECR_CSV.exists():
        pytest.skip(
            f"real ECR data not found at {ECR_CSV} (set HECHTING_SHARED to the shared folder)"
        )
    return ECR_CSV


@pytest.fixture(scope="session")
def rse_path() -> Path:
    if not RSE_CSV.exists():
        pytest.skip(
            f"real RSES data not found at {RSE_CSV} (set HECHTING_SHARED to the shared folder)"
        )
    return RSE_CSV
