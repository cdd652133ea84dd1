"""The documentation a clone carries: a short README for users that shows the two commands,
and pages under docs/ that link only to what the repository holds, each one reachable
from the README or another page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_MAX_LINES = 300

# An inline Markdown link or image: [text](target) or [text](target "title").
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# A reference definition: [name]: target
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def _links(page: Path) -> list[str]:
    """Every link target in a page, code blocks and inline code left out (they show
    commands, not links)."""
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    return _INLINE_LINK.findall(text) + _REFERENCE.findall(text)


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub makes of a page's headings: lower case, punctuation dropped,
    spaces as dashes."""
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    found = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE):
        plain = re.sub(r"[`*_]", "", heading).strip().lower()
        found.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", plain)))
    return found


def _local_target(page: Path, target: str) -> tuple[Path, str] | None:
    """The file and anchor a relative link points at; None for a web address."""
    if _SCHEME.match(target) or target.startswith("//"):
        return None
    path, _, anchor = target.partition("#")
    return (page if not path else (page.parent / path).resolve()), anchor


def test_the_readme_is_short_and_shows_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; at most {README_MAX_LINES}"
    assert "make run" in text, "README.md must show `make run`"
    assert "make test" in text, "README.md must show `make test`"


def test_there_are_docs_and_the_readme_links_to_them() -> None:
    pages = sorted(DOCS.glob("*.md"))
    assert pages, "docs/ holds no page"
    assert any(target.startswith("docs/") for target in _links(README)), "README.md links to no page of docs/"


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_at_a_file_in_the_repository(page: Path) -> None:
    wrong = []
    for target in _links(page):
        local = _local_target(page, target)
        if local is None:
            continue
        path, anchor = local
        if not path.is_relative_to(ROOT):
            wrong.append(f"{target}: outside the repository")
        elif not path.exists():
            wrong.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            wrong.append(f"{target}: no heading makes the anchor #{anchor}")
    assert not wrong, f"{page.relative_to(ROOT)}: " + "; ".join(wrong)


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_names_the_shared_folder_outside_the_clone(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text, f"{page.relative_to(ROOT)} points at ../shared, which no clone has"


def test_every_page_of_docs_is_linked_from_the_readme_or_another_page() -> None:
    linked: set[Path] = set()
    for page in _pages():
        for target in _links(page):
            local = _local_target(page, target)
            if local is not None and local[0] != page:
                linked.add(local[0])
    orphans = [str(p.relative_to(ROOT)) for p in sorted(DOCS.glob("*.md")) if p.resolve() not in linked]
    assert not orphans, f"not linked from README.md or another page: {', '.join(orphans)}"
