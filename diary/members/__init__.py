"""A member's account: signing up, the profile and time zone, and the daily reminder.

- `member_forms`: sign-up (open or by invitation), profile (the name clinicians see, the
  date of birth; for a clinician, whether patients are offered them), reminder settings.
- `member_views`: their pages.
"""
