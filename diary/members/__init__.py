"""A member's account: signing up, the profile and time zone, and the daily reminder.

- `member_forms`: sign-up (open or by invitation), profile, reminder settings.
- `member_views`: their pages.
"""
