"""The clinician's side of the diary: the patients list, the summary, the admin.

Plain functions (QuerySet in, figures out) live in `overview`, `summary` and
`charts`; the admin classes in `admin` only authorise, call them and render.
"""
