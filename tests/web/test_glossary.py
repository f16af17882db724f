"""docs/glossary.md is enforced: no Dutch string the app can show uses a rejected variant, and
the labels it lists carry their Dutch term. The glossary is the data; this file only reads it."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
PACKAGE = ROOT / "src" / "hechting"
OTHER_NAMES = "other names"  # the one translation context that may name rejected variants
STYLES_PAGE = PACKAGE / "content" / "templates" / "content" / "pages" / "hechtingsstijlen.html"


@dataclass(frozen=True)
class Rejected:
    variant: str
    concept: str
    use: str

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w){re.escape(self.variant)}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    msgid: str
    context: str | None
    dutch: str


@dataclass(frozen=True)
class DutchText:
    where: str
    text: str
    context: str | None = None
    english: str | None = None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _terms(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def _tables(markdown: str) -> list[tuple[list[str], list[list[str]]]]:
    tables, lines = [], markdown.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.startswith("|") and re.match(r"^\|[\s|:-]+\|$", lines[i + 1].strip()):
            if i > 0 and lines[i - 1].startswith("|"):
                continue
            rows = []
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append(_cells(row))
            tables.append((_cells(line), rows))
    return tables


def read_glossary(markdown: str) -> tuple[list[Rejected], list[Label]]:
    rejected, labels = [], []
    for header, rows in _tables(markdown):
        if header == ["Concept", "English", "Dutch", "Not in Dutch", "Why"]:
            for concept, _english, dutch, banned, _why in rows:
                use = " / ".join(_terms(dutch))
                rejected += [Rejected(v, concept, use) for v in _terms(banned)]
        elif header == ["English label", "Context", "Dutch"]:
            for english, context, dutch in rows:
                ctx = _terms(context)
                labels.append(Label(_terms(english)[0], ctx[0] if ctx else None, _terms(dutch)[0]))
    return rejected, labels


def _strip_template(source: str) -> str:
    """The text of a template as a reader could see it: no tags, no template code."""
    source = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", " ", source, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", source)


def _json_texts(path: Path) -> list[DutchText]:
    found: list[DutchText] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("nl"), str):
                english = node.get("en") if isinstance(node.get("en"), str) else None
                found.append(DutchText(where, node["nl"], english=english))
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(json.loads(path.read_text(encoding="utf-8")), path.relative_to(ROOT).as_posix())
    return found


def dutch_texts() -> list[DutchText]:
    """Every Dutch string the app can show: .po translations, instrument texts, templates."""
    texts: list[DutchText] = []
    for po_path in sorted(PACKAGE.glob("*/locale/nl/LC_MESSAGES/django.po")):
        rel = po_path.relative_to(ROOT).as_posix()
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text:
                    texts.append(
                        DutchText(f"{rel}: {entry.msgid[:60]!r}", text, entry.msgctxt, entry.msgid)
                    )
    for path in sorted((PACKAGE / "instruments").rglob("*.json")):
        texts += _json_texts(path)
    for path in sorted(PACKAGE.glob("*/templates/**/*.html")):
        texts.append(
            DutchText(path.relative_to(ROOT).as_posix(), _strip_template(path.read_text()))
        )
    return texts


REJECTED, LABELS = read_glossary(GLOSSARY.read_text(encoding="utf-8"))
TEXTS = dutch_texts()


def violations(texts: list[DutchText], rejected: list[Rejected]) -> list[str]:
    found = []
    for text in texts:
        if text.context == OTHER_NAMES:
            continue
        for r in rejected:
            if r.pattern.search(text.text):
                found.append(f"{text.where}: uses {r.variant!r} ({r.concept}); use {r.use}")
    return found


def test_it_reads_the_glossary():
    variants = {r.variant for r in REJECTED}
    assert {"gedesorganiseerd", "Herzie je zelfbeeld", "raam van tolerantie"} <= variants
    assert len(REJECTED) >= 30
    assert any(label.msgid == "Anxiety" and label.dutch == "hechtingsangst" for label in LABELS)


def test_it_finds_dutch_in_every_kind_of_source():
    wheres = " ".join(t.where for t in TEXTS)
    for source in (
        "reports/locale",
        "program/locale",
        "content/locale",
        "ecr.json",
        "rq.json",
        ".html",
    ):
        assert source in wheres
    assert len(TEXTS) > 800


def test_it_flags_a_rejected_variant_in_any_inflection_but_not_inside_another_word():
    sample = [
        DutchText("a", "Het Gedesorganiseerde profiel"),
        DutchText("b", "Veel mensen zitten ergens tussenin."),  # 'u' inside words is fine
        DutchText("c", "Hoe voelt u zich?"),
        DutchText("d", "gedesorganiseerd", context=OTHER_NAMES),
    ]
    assert [v.split(":")[0] for v in violations(sample, REJECTED)] == ["a", "c"]


def test_no_dutch_string_uses_a_rejected_variant():
    found = violations(TEXTS, REJECTED)
    assert not found, f"{len(found)} Dutch strings break docs/glossary.md:\n" + "\n".join(found)


@pytest.mark.parametrize("label", LABELS, ids=[f"{lb.context or ''}:{lb.msgid}" for lb in LABELS])
def test_each_label_carries_its_dutch_term(label):
    matches = [t for t in TEXTS if t.english == label.msgid and t.context == label.context]
    wrong = [t for t in matches if label.dutch.lower() not in t.text.lower()]
    assert not wrong, [f"{t.where}: {t.text!r} lacks {label.dutch!r}" for t in wrong]


def test_other_names_are_explained_on_the_styles_page_only():
    marker = re.compile(r"""context\s+["']other names["']|gettext\(\s*["']other names["']""")
    users = [
        p.relative_to(PACKAGE).as_posix()
        for p in sorted(PACKAGE.rglob("*"))
        if p.suffix in {".html", ".py"} and marker.search(p.read_text(encoding="utf-8"))
    ]
    assert users == [STYLES_PAGE.relative_to(PACKAGE).as_posix()]
