"""Lighthouse over each benchmarked page: performance on the mobile profile, signed in.

`node_modules/.bin/lighthouse` (package.json pins it; `npm install` puts it there) runs
Debian's Chromium headless, with the default (mobile) settings and only the
performance category, sending the benchmark session's cookie with `--extra-headers`.
Where Node, the package or Chromium is missing, `unavailable()` says which, and the
report prints that note instead of scores.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT = 180  # seconds for one page
TARGET = 95  # the performance score every page reaches (issue 20)
RUNS = 3  # a page's score is the median run's: one run moves by several points


@dataclass
class Score:
    page: str  # the page's name in the report
    performance: int | None  # 0-100
    total_blocking_ms: float | None
    dom_elements: int | None
    note: str = ""  # why there is no score


def unavailable() -> str:
    """Why Lighthouse cannot run here, or "" when it can."""
    if shutil.which("node") is None:
        return "Node is not installed"
    if not LIGHTHOUSE.exists():
        return "the npm package lighthouse is not installed (npm install)"
    if not CHROMIUM.exists():
        return f"Chromium is not at {CHROMIUM}"
    return ""


def audit_value(audits: dict, *names: str):
    for name in names:
        value = audits.get(name, {}).get("numericValue")
        if value is not None:
            return value
    return None


def score_page(name: str, url: str, cookies: dict, runs: int = RUNS) -> Score:
    """The median of `runs` Lighthouse runs over `url` (by performance score); a run
    Lighthouse itself could not finish is left out, and only when all fail is the
    page without a score."""
    scored, failed = [], None
    for _ in range(runs):
        score = one_run(name, url, cookies)
        if score.performance is None:
            failed = score
        else:
            scored.append(score)
    if not scored:
        return failed
    scored.sort(key=lambda score: score.performance)
    return scored[(len(scored) - 1) // 2]


def one_run(name: str, url: str, cookies: dict) -> Score:
    """One Lighthouse run over `url` with the session's `cookies`."""
    cookie = "; ".join(f"{key}={value}" for key, value in cookies.items())
    with tempfile.TemporaryDirectory(prefix="unknot-lighthouse-") as folder:
        output = Path(folder) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            "--extra-headers",
            json.dumps({"Cookie": cookie}),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT, cwd=folder)
            found = json.loads(output.read_text())
        except (subprocess.SubprocessError, OSError, ValueError) as error:
            said = (getattr(error, "stderr", b"") or b"").decode(errors="replace").strip()
            last = said.splitlines()[-1][:160] if said else type(error).__name__
            return Score(name, None, None, None, f"Lighthouse failed: {last}")
    audits = found.get("audits", {})
    performance = found.get("categories", {}).get("performance", {}).get("score")
    dom = audit_value(audits, "dom-size", "dom-size-insight")
    return Score(
        name,
        None if performance is None else round(performance * 100),
        audit_value(audits, "total-blocking-time"),
        None if dom is None else int(dom),
    )


def score_pages(base_url: str, pages, sessions: dict, values: dict, say) -> list[Score]:
    """Lighthouse over each page of `pages` (bench.pages.Page), as its role's session."""
    reason = unavailable()
    if reason:
        say(f"  Lighthouse skipped: {reason}.")
        return []
    scores = []
    for page in pages:
        if page.key == "floor":
            continue  # a one-line page: nothing for Lighthouse to weigh
        score = score_page(page.name, base_url + page.url(**values), sessions[page.role].cookies)
        scores.append(score)
        shown = "–" if score.performance is None else score.performance
        say(f"  Lighthouse {page.name:<30} performance {shown}  {score.note}")
    return scores


def below_target(scores: list[Score]) -> list[str]:
    """The pages scored under TARGET, or not scored at all."""
    return [score.page for score in scores if (score.performance or 0) < TARGET]


def markdown(scores: list[Score], note: str) -> str:
    """The report's Lighthouse section: a table, or the note why there is none."""
    lines = ["### Lighthouse (mobile, performance)", ""]
    if not scores:
        lines.append(f"Not run: {note or 'no page was scored'}.")
        return "\n".join(lines)
    lines += [
        "| page | performance | total blocking time | DOM elements |",
        "|---|---:|---:|---:|",
    ]
    for score in scores:
        if score.performance is None:
            lines.append(f"| {score.page} | {score.note} | | |")
            continue
        tbt = "–" if score.total_blocking_ms is None else f"{score.total_blocking_ms:.0f} ms"
        dom = "–" if score.dom_elements is None else f"{score.dom_elements:,}"
        lines.append(f"| {score.page} | {score.performance} | {tbt} | {dom} |")
    below = below_target(scores)
    lines += [
        "",
        f"Every page at {TARGET} or more." if not below else f"Under {TARGET}: {', '.join(below)}.",
    ]
    return "\n".join(lines)
