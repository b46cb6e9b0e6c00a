from diary.models.accounts import Invitation, User
from diary.models.catalogues import BodyArea, MedicationClass, Technique, Trigger
from diary.models.entries import (
    CheckIn,
    Dose,
    Medication,
    Spasm,
    SpasmTimer,
    TechniqueSession,
)

__all__ = [
    "BodyArea",
    "CheckIn",
    "Dose",
    "Invitation",
    "Medication",
    "MedicationClass",
    "Spasm",
    "SpasmTimer",
    "Technique",
    "TechniqueSession",
    "Trigger",
    "User",
]
from diary.models.care import (  # noqa: E402
    AccessDetail,
    AccessLog,
    CareShare,
    ClinicianNote,
    NoteReply,
    ReviewMark,
    SharedPatient,
)

__all__ += [
    "AccessDetail",
    "AccessLog",
    "CareShare",
    "ClinicianNote",
    "NoteReply",
    "ReviewMark",
    "SharedPatient",
]

from diary.models.symptoms import SymptomCheck as SymptomCheck  # noqa: E402

# Every kind of diary entry: each has an owner, a patient's day (local_date) and created_at.
ENTRY_MODELS = (Spasm, Dose, TechniqueSession, CheckIn, SymptomCheck)
__all__ += ["ENTRY_MODELS"]
from diary.models import lookups as _lookups  # noqa: E402, F401  (registers `__among`)
from diary.models.jobs import ImportJob as ImportJob  # noqa: E402
from diary.models.push import PushSubscription as PushSubscription  # noqa: E402
from diary.models.push import VapidKeys as VapidKeys  # noqa: E402
from diary.models.reminders import SentReminder as SentReminder  # noqa: E402
from diary.models.versions import DiaryVersion as DiaryVersion  # noqa: E402
