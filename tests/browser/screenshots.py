"""Take the README's pictures from a demo diary: `make screenshots`.

In a throwaway SQLite database, seed_demo makes a patient with 90 days of entries
and a clinician they share with; the development server serves it on a free port on
127.0.0.1; Chromium (through Playwright) logs in as each of them and saves PNGs in
docs/screenshots/. Nothing is left behind but the pictures.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script by `make screenshots`

from tests.live_server import ServerProcess, free_port  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PATIENT, CLINICIAN, PASSWORD = "demo", "dr-demo", "demo-spasm-diary"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "DEBUG": "1",
            "STAFF_2FA": "0",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (
            ["migrate", "--noinput", "--verbosity", "0"],
            ["load_education"],
            ["seed_demo", "--username", PATIENT, "--password", PASSWORD, "--days", "90"],
            ["seed_demo", "--clinician", CLINICIAN, "--password", PASSWORD, "--patients", "5"],
            ["seed_demo", "--username", PATIENT, "--clinician", CLINICIAN, "--days", "90"],
        ):
            subprocess.run(manage + command, env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        runserver = manage + ["runserver", "--noreload", f"127.0.0.1:{port}"]
        log = Path(tmp) / "server.log"
        with ServerProcess(runserver, env=env, port=port, log_path=log, ready_path="/") as server:
            take_pictures(server.base_url)
    for picture in sorted(OUT.glob("*.png")):
        print(f"{picture.relative_to(ROOT)}: {picture.stat().st_size // 1024} KB")


def take_pictures(base):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])

        phone = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        page = phone.new_page()
        log_in(page, base, PATIENT, "/accounts/login/")
        page.goto(base + "/diary/")
        page.screenshot(path=OUT / "dashboard-phone.png")
        phone.close()

        desktop = browser.new_context(viewport=DESKTOP)
        page = desktop.new_page()
        log_in(page, base, PATIENT, "/accounts/login/")
        page.goto(base + "/diary/insights/")
        top = {"x": 0, "y": 0, **DESKTOP, "height": 1400}
        page.screenshot(path=OUT / "insights.png", full_page=True, clip=top)
        desktop.clear_cookies()

        log_in(page, base, CLINICIAN, "/admin/login/")
        page.goto(base + "/admin/diary/sharedpatient/")
        page.get_by_role("row", name=PATIENT).get_by_role("link", name="30 days").click()
        page.screenshot(path=OUT / "clinician-summary.png", clip={**DESKTOP, "x": 0, "y": 0})
        desktop.close()
        browser.close()


def log_in(page, base, username, path):
    page.goto(base + path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


if __name__ == "__main__":
    main()
