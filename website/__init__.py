"""The site around the apps: what every page of Unknot shares, whichever app it belongs to.

- `views/home.py`: the front page (`/`), which sends a signed-in person to their diary.
- `views/install.py`: what makes the site an app a phone can install: the web app
  manifest, the service worker at `/sw.js`, and the page it shows when offline.
- `views/health.py`: `/diary/ping/`, the health check a monitor logs in to.
- `request_limits.py`: a request body too big is refused with a 413 before it is read;
  `bad_request` is the site's 400 handler.
- `middleware.py`: times in the signed-in person's own zone; sessions that end when idle.
- `context_processors.py`: the site's name, the sign-up mode and the current navigation
  section, for `base.html`.
- `twofactor/`: the admin site, which asks staff for a code from an authenticator app.

The diary's own limit (entries per minute) is in `diary/daily/limits.py`. Templates stay in the
top-level `templates/` (`home.html`, `offline.html`, `400.html`, `413.html`, `admin/otp_*`).
"""
