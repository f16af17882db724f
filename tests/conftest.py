import importlib.util
import os
import sys
from pathlib import Path

import pytest

# A fixed journal key for the test run only (never used outside tests), so that tests never
# create a key file in the developer's data directory.
os.environ.setdefault("HECHTING_JOURNAL_KEYS", "x0ZFhEB5nxvVFN7z1mxsfX3VUG3dV_w8ftNNJZsQJe4=")

# Factories for user-owned rows, shared by the accounts, program and authorisation tests: the suite
# imports tests with importlib, so the helper module is registered here under its own name.
_spec = importlib.util.spec_from_file_location(
    "program_factories", Path(__file__).with_name("program_factories.py")
)
assert _spec and _spec.loader
program_factories = importlib.util.module_from_spec(_spec)
sys.modules["program_factories"] = program_factories
_spec.loader.exec_module(program_factories)

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
