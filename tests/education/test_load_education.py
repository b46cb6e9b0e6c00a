"""Loading the shipped Markdown into the database, and what it must never overwrite."""

import datetime
import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command

from education.content import (
    ContentError,
    load_shipped_pages,
    name_of,
    page_checksum,
    parse_page_file,
    read_shipped_guide,
)
from education.models import Page
from tests.helpers import write_page

pytestmark = pytest.mark.django_db

# Each shipped page once per language: "sleep", "sleep (es)", "sleep (de)".
SHIPPED_SLUGS = sorted(
    name_of((fields["slug"], fields["language"])) for fields in read_shipped_guide()
)


def test_a_file_is_parsed_into_the_fields_of_a_page(tmp_path):
    write_page(
        tmp_path,
        "cold",
        title="Cold weather",
        order=42,
        key_points="Keep warm.\nLayers help.",
        body="Cold can tighten muscles.\n\n## What helps\n\nA warm bath.",
    )

    fields = parse_page_file(tmp_path / "cold.md")

    assert fields["slug"] == "cold"
    assert fields["title"] == "Cold weather"
    assert fields["summary"] == "What this page is about."
    assert fields["section"] == "Start here"
    assert fields["order"] == 42
    assert fields["key_points"] == "Keep warm.\nLayers help."
    assert fields["body"].startswith("Cold can tighten muscles.")
    assert "## What helps" in fields["body"]
    assert "Title:" not in fields["body"]


def test_a_file_gives_its_page_sources_one_per_line_and_a_review_date(tmp_path):
    write_page(
        tmp_path,
        "cold",
        sources="Muscle cramps — Merck Manual, 2024\nLeg cramps — NICE, 2023",
        reviewed="2026-11-30",
        evidence="Little research: studies are small.",
    )

    fields = parse_page_file(tmp_path / "cold.md")

    assert fields["sources"] == "Muscle cramps — Merck Manual, 2024\nLeg cramps — NICE, 2023"
    assert fields["reviewed_on"] == datetime.date(2026, 11, 30)
    assert fields["evidence"] == "Little research: studies are small."


def test_a_file_with_a_review_date_that_is_not_a_date_is_refused(tmp_path):
    write_page(tmp_path, "cold", reviewed="last spring")

    with pytest.raises(ContentError, match="Reviewed"):
        load_shipped_pages(tmp_path)
    assert not Page.objects.exists()


def test_a_file_without_a_title_is_refused(tmp_path):
    (tmp_path / "broken.md").write_text("Summary: No title here.\n\nSome words.\n")

    with pytest.raises(ContentError, match="Title"):
        load_shipped_pages(tmp_path)
    with pytest.raises(CommandError, match="Title"):
        call_command("load_education", directory=str(tmp_path), stdout=StringIO())
    assert not Page.objects.exists()


def test_loading_creates_every_shipped_page():
    result = load_shipped_pages()

    assert sorted(result.created) == SHIPPED_SLUGS
    assert sorted(name_of((page.slug, page.language)) for page in Page.objects.all()) == (
        SHIPPED_SLUGS
    )
    assert all(page.is_shipped and page.is_published for page in Page.objects.all())


def test_loading_twice_changes_nothing():
    load_shipped_pages()
    before = list(Page.objects.order_by("slug", "language").values())

    result = load_shipped_pages()

    assert result.counts() == {
        "created": 0,
        "updated": 0,
        "kept": 0,
        "unchanged": len(SHIPPED_SLUGS),
        "hidden": 0,
    }
    assert list(Page.objects.order_by("slug", "language").values()) == before


def test_loading_again_takes_a_handful_of_queries(django_assert_max_num_queries):
    load_shipped_pages()

    with django_assert_max_num_queries(4):
        load_shipped_pages()


def test_a_hosts_edit_survives_reloading():
    load_shipped_pages()
    Page.objects.filter(slug="sleep", language="en").update(body="Our group's own advice on sleep.")

    result = load_shipped_pages()

    assert Page.objects.get(slug="sleep", language="en").body == "Our group's own advice on sleep."
    assert "sleep" in result.unchanged


def test_a_newer_shipped_version_updates_an_unedited_page(tmp_path):
    write_page(tmp_path, "cold", title="Cold", body="The first version.")
    load_shipped_pages(tmp_path)
    write_page(tmp_path, "cold", title="Cold weather", body="The second version.")

    result = load_shipped_pages(tmp_path)

    page = Page.objects.get(slug="cold")
    assert result.updated == ["cold"]
    assert (page.title, page.body.strip()) == ("Cold weather", "The second version.")


def test_a_newer_shipped_version_never_overwrites_a_hosts_edit(tmp_path):
    write_page(tmp_path, "cold", title="Cold", body="The first version.")
    load_shipped_pages(tmp_path)
    page = Page.objects.get(slug="cold")
    page.body = "Our group meets indoors when it is cold."
    page.save()
    write_page(tmp_path, "cold", title="Cold weather", body="The second version.")

    result = load_shipped_pages(tmp_path)

    page.refresh_from_db()
    assert result.kept == ["cold"]
    assert (page.title, page.body) == ("Cold", "Our group meets indoors when it is cold.")


def test_hiding_a_shipped_page_counts_as_an_edit(tmp_path):
    write_page(tmp_path, "cold", body="The first version.")
    load_shipped_pages(tmp_path)
    Page.objects.filter(slug="cold").update(is_published=False)
    write_page(tmp_path, "cold", body="The second version.")

    load_shipped_pages(tmp_path)

    assert not Page.objects.get(slug="cold").is_published


def test_saving_a_page_from_a_browser_without_changes_is_not_an_edit(tmp_path):
    write_page(tmp_path, "cold", body="First line.\n\nSecond line.")
    load_shipped_pages(tmp_path)
    page = Page.objects.get(slug="cold")
    # A browser sends a textarea back with \r\n line endings.
    page.body = page.body.replace("\n", "\r\n").strip()
    page.key_points = page.key_points.replace("\n", "\r\n")
    page.save()
    assert page_checksum(page) == page.shipped_checksum
    write_page(tmp_path, "cold", body="A newer version.")

    result = load_shipped_pages(tmp_path)

    assert result.updated == ["cold"]
    assert Page.objects.get(slug="cold").body.strip() == "A newer version."


def test_a_hosts_own_pages_are_never_touched(tmp_path, make_page):
    own = make_page("our-meetings", body="We meet on Tuesdays.")
    same_slug = make_page("cold", title="Our cold page", body="Written by our group.")
    write_page(tmp_path, "cold", title="Cold", body="Shipped words.")

    result = load_shipped_pages(tmp_path)

    own.refresh_from_db()
    same_slug.refresh_from_db()
    assert result.kept == ["cold"]
    assert own.body == "We meet on Tuesdays."
    assert (same_slug.title, same_slug.body) == ("Our cold page", "Written by our group.")
    assert not same_slug.is_shipped


def test_the_command_prints_the_counts():
    output = StringIO()

    call_command("load_education", stdout=output)
    call_command("load_education", stdout=output)

    lines = output.getvalue().splitlines()
    assert lines[0] == (
        f"Guide pages: {len(SHIPPED_SLUGS)} created, 0 updated, "
        "0 kept because they were edited here, 0 unchanged, "
        "0 hidden because Unknot no longer ships them."
    )
    assert lines[1] == (
        f"Guide pages: 0 created, 0 updated, "
        f"0 kept because they were edited here, {len(SHIPPED_SLUGS)} unchanged, "
        "0 hidden because Unknot no longer ships them."
    )


def test_a_shipped_page_whose_file_was_removed_is_hidden_on_the_next_load(tmp_path):
    write_page(tmp_path, "cold", title="Cold")
    write_page(tmp_path, "heat", title="Heat")
    load_shipped_pages(tmp_path)
    (tmp_path / "cold.md").unlink()

    result = load_shipped_pages(tmp_path)

    cold = Page.objects.get(slug="cold")
    assert result.hidden == ["cold"]
    assert not cold.is_published
    assert Page.objects.get(slug="heat").is_published


def test_a_removed_page_the_host_publishes_again_stays_published(tmp_path):
    write_page(tmp_path, "cold", title="Cold")
    write_page(tmp_path, "heat", title="Heat")
    load_shipped_pages(tmp_path)
    (tmp_path / "cold.md").unlink()
    load_shipped_pages(tmp_path)
    Page.objects.filter(slug="cold").update(is_published=True)

    result = load_shipped_pages(tmp_path)

    assert result.hidden == []
    assert Page.objects.get(slug="cold").is_published


def test_a_hosts_own_page_is_never_hidden_by_a_load(tmp_path, make_page):
    make_page("our-meetings")
    write_page(tmp_path, "cold")

    load_shipped_pages(tmp_path)

    assert Page.objects.get(slug="our-meetings").is_published


UPGRADE = importlib.import_module("education.migrations.0002_sources_and_review_dates")


def loaded_before_the_upgrade(tmp_path, body):
    """A page as the version before sources left it (no sources, no review date,
    the old checksum of what was shipped), then given this body."""
    write_page(tmp_path, "cold", body="The first version.")
    load_shipped_pages(tmp_path)
    page = Page.objects.get(slug="cold")
    page.sources, page.reviewed_on, page.evidence = "", None, ""
    page.shipped_checksum = UPGRADE._checksum(page, UPGRADE.OLD_FIELDS)
    page.body = body
    page.save()


def test_after_the_upgrade_an_unedited_page_takes_the_new_shipped_version(tmp_path):
    loaded_before_the_upgrade(tmp_path, body="The first version.\n")
    UPGRADE.refresh_checksums(django_apps, schema_editor=None)
    write_page(tmp_path, "cold", body="The reviewed version.")

    result = load_shipped_pages(tmp_path)

    assert result.updated == ["cold"]
    assert Page.objects.get(slug="cold").source_list() == ["A health service — NHS, 2025"]


def test_after_the_upgrade_a_hosts_edit_is_still_kept(tmp_path):
    loaded_before_the_upgrade(tmp_path, body="Our group's words.")
    UPGRADE.refresh_checksums(django_apps, schema_editor=None)
    write_page(tmp_path, "cold", body="The reviewed version.")

    result = load_shipped_pages(tmp_path)

    assert result.kept == ["cold"]
    assert Page.objects.get(slug="cold").body == "Our group's words."
