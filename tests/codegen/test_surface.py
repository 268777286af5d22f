"""spec/api.lock: the names lock and the API diff."""

from __future__ import annotations

from codegen import surface


def _surface(text: str) -> surface.Surface:
    return surface.parse(text)


BEFORE = """\
builder /{projectKey}/categories categories
builder /{projectKey}/categories/{ID} with_id
enum CartOrigin "Customer" CUSTOMER
enum CartOrigin "Merchant" MERCHANT
field Category.key key str
field Category.name name dict[str,str] required
model CartOrigin CartOrigin
model Category Category
op GET /{projectKey}/categories ByProjectKeyCategoriesGet - CategoryPagedQueryResponse
op GET /{projectKey}/zones ByProjectKeyZonesGet - ZonePagedQueryResponse
resource /{projectKey}/categories CategoryDraft Category Category
"""


def test_the_lock_round_trips() -> None:
    parsed = _surface(BEFORE)
    assert parsed.text() == surface.HEADER + BEFORE
    assert parsed.builders()["/{projectKey}/categories/{ID}"] == "with_id"
    assert parsed.resources() == {
        "/{projectKey}/categories": {"createable": "CategoryDraft", "updateable": "Category", "deleteable": "Category"}
    }


def test_renames_are_found_and_removals_are_not_renames() -> None:
    after = _surface(
        BEFORE.replace("with_id\n", "with_id_value\n")
        .replace('"Customer" CUSTOMER', '"Customer" CUSTOMER_')
        .replace("op GET /{projectKey}/zones ByProjectKeyZonesGet - ZonePagedQueryResponse\n", "")
    )
    assert surface.renames(_surface(BEFORE), after) == [
        "builder /{projectKey}/categories/{ID}: with_id -> with_id_value",
        'enum CartOrigin "Customer": CUSTOMER -> CUSTOMER_',
    ]


def test_the_diff_marks_what_breaks() -> None:
    after = _surface(
        BEFORE.replace("field Category.key key str\n", "field Category.key key str required\n")
        .replace('enum CartOrigin "Merchant" MERCHANT\n', 'enum CartOrigin "Quote" QUOTE\n')
        .replace("model Category Category\n", "model Category Category\nmodel Zone Zone\n")
    )
    changes = {(c.what, c.kind, c.key): c.breaking for c in surface.diff(_surface(BEFORE), after)}
    assert changes == {
        ("changed", "field", "Category.key"): True,  # newly required
        ("added", "enum", 'CartOrigin "Quote"'): False,
        ("removed", "enum", 'CartOrigin "Merchant"'): True,
        ("added", "model", "Zone"): False,
    }
    markdown = surface.render_markdown(surface.diff(_surface(BEFORE), after), "API changes")
    assert "| Enum values | 1 | 1 | 0 | 0 | 1 |" in markdown
    assert '- **breaking** removed `CartOrigin "Merchant"`' in markdown


def test_the_committed_lock_is_sorted_and_parses() -> None:
    text = surface.LOCK_FILE.read_text(encoding="utf-8")
    parsed = surface.parse(text)
    assert parsed.text() == text
    assert parsed.builders()["/{projectKey}/categories/{ID}"] == "with_id"
