"""Care: a patient sharing their diary with clinicians, and everything a clinician sees.

- `sharing`: who may see whom (the clinicians' one door, `patients_visible_to`),
  granting and revoking, the access log, review marks, notes and the patient's replies.
- `share_forms`, `share_views`: the patient's sharing page (a listed clinician or a
  username), and replies to a clinician's notes.
- `overview`: the patients list's figures and flags, one row per patient in SQL.
- `summary`: one patient's summary for 30 or 90 days, from `diary.insights`.
- `review_forms`: "reviewed up to" and notes, on the summary.
- `clinician_admin`: the admin classes; they only authorise, call the above and render.
"""
