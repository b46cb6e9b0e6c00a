"""The clinician's side of the diary: the patients list, the summary, the admin.

Plain functions (QuerySet in, figures out) live in `overview` and `summary`, the
charts' geometry in `diary.charts` (shared with the patient's pages); the admin
classes in `admin` only authorise, call them and render.
"""
