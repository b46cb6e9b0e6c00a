"""The warning signs of "When to get help", each in the tier the safety review sets.

The page (slug when-to-seek-care) has three tiers, each a `## ` heading with a stable id:
{#emergency} call emergency services now, {#today} contact a clinician today,
{#appointment} book an appointment. Inside the emergency tier, a `### ... {#crisis}`
part is for thoughts of self-harm. Every sign of the review's section A is listed below
by a short phrase that must appear in its tier's text; a sign filed one tier too low
sends a person to wait who should not.
"""

import re

import pytest

from education.content import CONTENT_DIR, parse_page_file

TIERS = ("emergency", "today", "appointment")


def page(slug):
    return parse_page_file(CONTENT_DIR / f"{slug}.md")


def plain(markdown_text):
    """Lower-case text without Markdown marks, so **bold** does not split a phrase."""
    return re.sub(r"[*`]", "", markdown_text).lower().replace("’", "'")


def sections(body, level):
    """{id: text} for each heading of the level that carries an {#id}; the text runs
    from the heading to the next heading of the same or a higher level."""
    parts = {}
    current = None
    for line in body.splitlines():
        heading = re.match(r"^(#+) ", line)
        if heading and len(heading.group(1)) <= level:
            found = (
                re.search(r"\{#([\w-]+)\}\s*$", line) if len(heading.group(1)) == level else None
            )
            current = found.group(1) if found else None
            if current:
                parts[current] = ""
        if current:
            parts[current] += line + "\n"
    return parts


TIER_TEXT = sections(page("when-to-seek-care")["body"], level=2)
CRISIS_TEXT = sections(TIER_TEXT.get("emergency", ""), level=3).get("crisis", "")


def tier(name):
    return plain(TIER_TEXT.get(name, ""))


# (the sign, as a phrase the page must use; its tier), in the order of the review's section A.
SIGNS = [
    # A1 stroke (NHS FAST): sudden, one-sided = emergency; slowly, over days = today.
    ("sudden weakness or numbness", "emergency"),
    ("one side of the body", "emergency"),
    ("drooping face", "emergency"),
    ("slurred speech", "emergency"),
    ("sudden confusion", "emergency"),
    ("weakness that comes on slowly, over a few days", "today"),
    # A2 chest and breathing (Merck).
    ("pain, tightness or a cramp in your chest", "emergency"),
    ("trouble breathing", "emergency"),
    ("trouble swallowing", "emergency"),
    # A3 serotonin syndrome (MSD) and the medicines that commonly cause it here.
    ("start a medicine, take more of it, or add another one", "emergency"),
    ("jerks, twitching or stiff muscles", "emergency"),
    ("a fever", "emergency"),
    ("heavy sweating", "emergency"),
    ("a fast heartbeat", "emergency"),
    ("shaking", "emergency"),
    ("serotonin syndrome", "emergency"),
    ("tramadol", "emergency"),
    ("duloxetine", "emergency"),
    ("amitriptyline", "emergency"),
    ("triptans", "emergency"),
    ("st john's wort", "emergency"),
    # A3 rhabdomyolysis (Mayo): urgent, today, especially on a statin.
    ("muscle pain or weakness with dark, cola-coloured urine", "today"),
    ("rhabdomyolysis", "today"),
    ("statin", "today"),
    # A4 tetanus (CDC) and fever.
    ("after a cut, bite or puncture", "emergency"),
    ("locked or stiff jaw", "emergency"),
    ("stiffness that spreads", "emergency"),
    ("tetanus shots may be out of date", "today"),
    ("a spasm or stiffness with a fever", "today"),
    # A5 cauda equina.
    ("back pain or a back spasm", "emergency"),
    ("numbness between your legs or around your bottom", "emergency"),
    ("new trouble controlling your bladder or bowel", "emergency"),
    # A6 after a fall or injury.
    ("after a fall or injury", "today"),
    ("cannot put weight on it", "today"),
    ("looks the wrong shape", "today"),
    # A blood clot in the leg.
    ("a leg that is swollen, red and warm", "today"),
    # A8 thoughts of self-harm.
    ("thoughts of harming yourself", "emergency"),
    # A9 a cramp that will not release apart from the usual fibro tightness.
    ("a hard cramp that will not let go after 10 minutes or more of gentle stretching", "today"),
    ("your usual long-lasting tightness is new or much worse", "appointment"),
    ("cramps that are frequent", "appointment"),
    ("cramps that are not getting better with self-care", "appointment"),
]

# (a phrase of a more urgent sign, a lower tier that must not also list it).
CONTRADICTIONS = [
    ("chest", "today"),
    ("chest", "appointment"),
    ("trouble breathing", "today"),
    ("trouble breathing", "appointment"),
    ("sudden weakness", "today"),
    ("sudden weakness", "appointment"),
    ("jaw", "today"),
    ("bladder", "today"),
    ("harming yourself", "today"),
    ("10 minutes", "appointment"),
    ("fever", "appointment"),
    ("urine", "appointment"),
    ("frequent", "emergency"),
    ("frequent", "today"),
    ("self-care", "today"),
]


def test_the_page_has_the_three_tiers_in_order_of_urgency():
    assert list(TIER_TEXT) == list(TIERS)


@pytest.mark.parametrize(("phrase", "expected_tier"), SIGNS, ids=[sign for sign, _ in SIGNS])
def test_each_warning_sign_is_listed_in_its_tier(phrase, expected_tier):
    assert phrase in tier(expected_tier)


@pytest.mark.parametrize(
    ("phrase", "lower_tier"), CONTRADICTIONS, ids=[f"{p}-not-{t}" for p, t in CONTRADICTIONS]
)
def test_an_urgent_sign_is_not_also_filed_in_a_less_urgent_tier(phrase, lower_tier):
    assert phrase not in tier(lower_tier)


def test_the_self_harm_part_sits_inside_the_emergency_tier():
    assert "thoughts of harming yourself" in plain(CRISIS_TEXT)


def test_the_emergency_tier_says_to_call_the_hosts_emergency_number():
    assert "Call {{EMERGENCY_NUMBER}} now" in TIER_TEXT["emergency"]


def test_the_crisis_part_offers_the_crisis_line_and_the_emergency_number():
    assert "call {{CRISIS_LINE}} or {{EMERGENCY_NUMBER}} now" in CRISIS_TEXT


def test_the_page_writes_no_phone_number_of_its_own():
    fields = page("when-to-seek-care")
    text = "\n".join([fields["summary"], fields["key_points"], fields["body"]])

    assert re.findall(r"\d{3,}", text) == []


def test_the_page_drops_the_vague_any_severe_symptom_sign():
    assert "of any kind" not in plain(page("when-to-seek-care")["body"])


def test_the_medicines_advice_says_get_help_first_and_do_not_stop_alone():
    body = plain(page("when-to-seek-care")["body"])

    assert "get urgent help first" in body
    assert "bring the box" in body
    assert "do not stop or change the medicine before you speak to a clinician" in body
    assert "if you stop them all at once" in body


@pytest.mark.parametrize("slug", ["during-a-spasm", "what-are-muscle-spasms"])
def test_the_spasm_pages_point_at_the_emergency_tier(slug):
    assert "](/learn/when-to-seek-care/#emergency)" in page(slug)["body"]


@pytest.mark.parametrize("slug", ["during-a-spasm", "what-are-muscle-spasms"])
def test_the_spasm_pages_send_a_cramp_that_will_not_let_go_to_the_today_tier(slug):
    body = plain(page(slug)["body"])

    assert "](/learn/when-to-seek-care/#today)" in body
    assert "will not let go after 10 minutes or more of gentle stretching" in body


def test_what_muscle_spasms_are_no_longer_says_they_last_up_to_15_minutes():
    fields = page("what-are-muscle-spasms")

    assert "15 minutes" not in plain(fields["key_points"] + fields["body"])


@pytest.mark.parametrize("slug", ["during-a-spasm", "about-this-guide"])
def test_other_pages_no_longer_repeat_the_vague_emergency_sign(slug):
    assert "sudden, severe symptoms" not in plain(page(slug)["body"])
