"""The keys on the real data: every keyed item correlates >= .30 with the rest of its scale."""

import csv
import gzip

import numpy as np
import pytest

from hechting.psychometrics.instruments import load_instrument

pytestmark = pytest.mark.realdata


def _read(path, delimiter, n_items):
    with gzip.open(path, "rt", newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    x = np.array([[float(v) for v in row[:n_items]] for row in rows[1:]])
    assert rows[0][:n_items] == [f"Q{i}" for i in range(1, n_items + 1)]
    x[x <= 0] = np.nan  # 0 (and -1) = not answered
    return x


def _alpha_and_item_rest(keyed):
    x = keyed[~np.isnan(keyed).any(axis=1)]
    total = x.sum(axis=1)
    k = x.shape[1]
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total.var(ddof=1))
    rest = np.array([np.corrcoef(x[:, i], total - x[:, i])[0, 1] for i in range(k)])
    return alpha, rest


@pytest.fixture(scope="module")
def ecr_raw(ecr_path):
    return _read(ecr_path, ",", 36)


@pytest.fixture(scope="module")
def rse_raw(rse_path):
    return _read(rse_path, "\t", 10)


@pytest.mark.parametrize(("scale", "published_alpha"), [("anxiety", 0.92), ("avoidance", 0.94)])
def test_it_keys_the_ecr_so_every_item_fits_its_scale(ecr_raw, scale, published_alpha):
    ecr = load_instrument("ecr")
    keyed = ecr.key(ecr_raw)[:, ecr.scale_indices(scale)]
    alpha, rest = _alpha_and_item_rest(keyed)
    assert rest.min() >= 0.30
    assert alpha == pytest.approx(published_alpha, abs=0.01)


def test_it_would_notice_a_wrong_ecr_key(ecr_raw):
    """Control: scoring a reverse item unreversed makes it misfit badly."""
    ecr = load_instrument("ecr")
    keyed = ecr.key(ecr_raw)
    q3 = ecr.item_ids.index("Q3")
    keyed[:, q3] = 6 - keyed[:, q3]
    _, rest = _alpha_and_item_rest(keyed[:, ecr.scale_indices("avoidance")])
    assert rest[list(ecr.scale_indices("avoidance")).index(q3)] < 0


def test_it_keys_the_ecr_s_so_every_item_fits_its_scale(ecr_raw):
    ecr, ecrs = load_instrument("ecr"), load_instrument("ecr-s")
    columns = [ecr.item_ids.index(i) for i in ecrs.item_ids]
    keyed = ecrs.key(ecr_raw[:, columns])
    for scale in ("anxiety", "avoidance"):
        alpha, rest = _alpha_and_item_rest(keyed[:, ecrs.scale_indices(scale)])
        assert rest.min() >= 0.30
        # Wei et al. (2007): .78 anxiety, .84 avoidance (N = 851); here .77 and .83
        assert alpha >= 0.75


def test_it_keys_the_rses_so_every_item_fits(rse_raw):
    rses = load_instrument("rses")
    alpha, rest = _alpha_and_item_rest(rses.key(rse_raw))
    assert rest.min() >= 0.30
    assert alpha >= 0.88  # the RSES is usually reported with alpha .88-.91


def test_it_would_notice_the_other_common_rses_order(rse_raw):
    """Control: the keys of the other item order (2, 5, 6, 8, 9 reversed) misfit this data."""
    x = rse_raw.copy()
    for number in (2, 5, 6, 8, 9):
        x[:, number - 1] = 5 - x[:, number - 1]
    _, rest = _alpha_and_item_rest(x)
    assert rest.min() < 0
