"""The clinician's admin: a patients list, a summary per patient, read-only entries.

Every page here reads patients through `diary.care.sharing.patients_visible_to`, so a
clinician finds only the patients who share with them right now; anyone else's
id is "not found", in lists, searches, filters, exports and typed-in URLs alike.
Diary entries are read-only for everyone in the admin: they are the patient's.
Each look at a patient's data is written to that patient's access log.

Importing this package registers the model admins of its modules.
"""

from diary.care.clinician_admin import entry_lists, patients, records  # noqa: F401
from diary.care.clinician_admin.admin_base import NotForClinicians, ReadOnlyAdmin

__all__ = ["NotForClinicians", "ReadOnlyAdmin"]
