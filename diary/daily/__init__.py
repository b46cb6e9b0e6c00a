"""Daily logging: what a patient does on the dashboard and in their history.

- `dashboard_views`: the dashboard, the quick log (tap an area, tap a number), the
  one-tap dose and the spasm timer.
- `entry_views`: each kind of entry's new, edit and delete pages, medicines and the
  daily check-in.
- `entry_forms`, `entry_form_base`: the forms, on one base that owns the entry, its
  patient's day (and the "last night?" question) and its form token.
- `entry_types`: the kinds of entry, as the URLs name them.
- `history`, `history_filter`, `history_views`: the history, its filters and its page.
- `glance`: the dashboard's figures (today at a glance, the week strip, a guide page).
- `usage`: the areas and techniques a patient uses most, listed first.
- `limits`: how many entries a minute one patient may save.
"""
