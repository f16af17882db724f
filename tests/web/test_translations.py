"""The project-wide translation check: every app's Dutch .po is complete, without fuzzy entries,
and holds every msgid that `makemessages` would extract from the app's code and templates."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "hechting"
APPS = sorted(p.parent for p in PACKAGE.glob("*/apps.py"))


def po_path(app: Path) -> Path:
    return app / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def keys(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in po if not e.obsolete}


def test_it_finds_the_apps():
    assert {"web", "reports", "content"} <= {app.name for app in APPS}


@pytest.mark.parametrize("app", APPS, ids=[a.name for a in APPS])
def test_it_has_no_untranslated_or_fuzzy_dutch(app):
    if not po_path(app).exists():
        pytest.skip(f"{app.name} has no Dutch .po (the extraction test checks it needs none)")
    po = polib.pofile(str(po_path(app)))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries() if not e.obsolete]
    assert not untranslated, f"{app.name}: untranslated: {untranslated[:5]}"
    assert not fuzzy, f"{app.name}: fuzzy: {fuzzy[:5]}"


@pytest.mark.parametrize("app", APPS, ids=[a.name for a in APPS])
def test_it_has_every_extracted_msgid_in_the_po(app, tmp_path):
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "locale"))
    (copy / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nl", "--no-location", "-v", "0"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted_path = po_path(copy)
    extracted = keys(polib.pofile(str(extracted_path))) if extracted_path.exists() else set()
    extracted.discard((None, ""))
    if not extracted:
        return
    assert po_path(app).exists(), f"{app.name} has translatable strings but no locale/nl .po"
    missing = extracted - keys(polib.pofile(str(po_path(app))))
    assert not missing, (
        f"{app.name}: run makemessages and translate these: {sorted(m[1] for m in missing)[:5]}"
    )
