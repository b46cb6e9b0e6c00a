"""Ship the catalogues. Names are plain words; slugs are stable and used in code.

Body areas: the 19 areas of the ACR 2016 Widespread Pain Index, plus hands and feet.
"""

from django.db import migrations

SPASM_PAGE = "what-are-muscle-spasms"

BODY_AREAS = [
    # slug, name, region, is_acr_area
    ("neck", "Neck", "axial", True),
    ("left-jaw", "Left jaw", "left-upper", True),
    ("right-jaw", "Right jaw", "right-upper", True),
    ("left-shoulder-girdle", "Left shoulder", "left-upper", True),
    ("right-shoulder-girdle", "Right shoulder", "right-upper", True),
    ("upper-back", "Upper back", "axial", True),
    ("lower-back", "Lower back", "axial", True),
    ("chest", "Chest", "axial", True),
    ("abdomen", "Belly", "axial", True),
    ("left-upper-arm", "Left upper arm", "left-upper", True),
    ("right-upper-arm", "Right upper arm", "right-upper", True),
    ("left-lower-arm", "Left forearm", "left-upper", True),
    ("right-lower-arm", "Right forearm", "right-upper", True),
    ("left-hand", "Left hand", "hands-feet", False),
    ("right-hand", "Right hand", "hands-feet", False),
    ("left-hip", "Left hip or buttock", "left-lower", True),
    ("right-hip", "Right hip or buttock", "right-lower", True),
    ("left-upper-leg", "Left thigh", "left-lower", True),
    ("right-upper-leg", "Right thigh", "right-lower", True),
    ("left-lower-leg", "Left calf or shin", "left-lower", True),
    ("right-lower-leg", "Right calf or shin", "right-lower", True),
    ("left-foot", "Left foot", "hands-feet", False),
    ("right-foot", "Right foot", "hands-feet", False),
]

TRIGGERS = [
    ("emotional-stress", "Stress or worry", "stress-and-the-body"),
    ("poor-posture", "Awkward posture", "posture-and-exertion"),
    ("physical-exertion", "Overdoing it", "posture-and-exertion"),
    ("sitting-or-standing-long", "Sitting or standing too long", "posture-and-exertion"),
    ("poor-sleep", "Poor sleep", "spasm-pain-sleep-cycle"),
    ("dehydration", "Not enough to drink", "hydration-and-nutrition"),
    ("cold", "Cold", "tracking-your-triggers"),
    ("medication-change", "Missed or changed medicine", "medicines-that-may-cause-spasms"),
]

TECHNIQUES = [
    ("stretching", "Stretching", "stretching"),
    ("deep-breathing", "Deep breathing", "mindfulness-and-breathing"),
    ("heat", "Heat", "during-a-spasm"),
    ("rest", "Rest", "during-a-spasm"),
    ("massage", "Gentle massage", "massage-and-myofascial-release"),
    ("myofascial-release", "Myofascial release", "massage-and-myofascial-release"),
    ("mindfulness", "Mindfulness", "mindfulness-and-breathing"),
    ("yoga", "Yoga", "low-impact-exercise"),
    ("tai-chi", "Tai chi", "low-impact-exercise"),
    ("water-aerobics", "Water aerobics", "low-impact-exercise"),
    ("physical-therapy", "Physical therapy exercises", "physical-therapy"),
    ("cbt-skills", "CBT skills", "cbt-skills"),
    ("hydration", "Drinking water", "hydration-and-nutrition"),
]

MEDICATION_CLASSES = [
    ("muscle-relaxant", "Muscle relaxant", "medicines-used-for-spasms"),
    ("anticonvulsant", "Anticonvulsant (nerve calming)", "medicines-used-for-spasms"),
    ("antidepressant", "Antidepressant", "medicines-used-for-spasms"),
    ("pain-reliever", "Pain reliever", "medicines-used-for-spasms"),
    ("sleep-aid", "Sleep medicine", "medicines-that-may-cause-spasms"),
    ("diuretic", "Diuretic (water tablet)", "medicines-that-may-cause-spasms"),
    ("magnesium", "Supplement: magnesium", "minerals-and-vitamins"),
    ("calcium", "Supplement: calcium", "minerals-and-vitamins"),
    ("potassium", "Supplement: potassium", "minerals-and-vitamins"),
    ("vitamin-d", "Supplement: vitamin D", "minerals-and-vitamins"),
    ("other", "Other", "medicines-that-may-cause-spasms"),
]


def ship(apps, schema_editor):
    BodyArea = apps.get_model("diary", "BodyArea")
    for order, (slug, name, region, is_acr) in enumerate(BODY_AREAS):
        BodyArea.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "region": region,
                "is_acr_area": is_acr,
                "order": order * 10,
                "learn_slug": SPASM_PAGE,
            },
        )
    for model_name, rows in (
        ("Trigger", TRIGGERS),
        ("Technique", TECHNIQUES),
        ("MedicationClass", MEDICATION_CLASSES),
    ):
        model = apps.get_model("diary", model_name)
        for order, (slug, name, learn_slug) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug, defaults={"name": name, "learn_slug": learn_slug, "order": order * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("diary", "0002_entries_and_catalogues")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
