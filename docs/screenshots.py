"""Refresh the README's screenshots from the browser tests' artifacts.

    make screenshots   # runs tests/e2e and tests/hub, then this

Each README picture is one step of a browser test (test-artifacts/e2e/, test-artifacts/hub/), saved
here as a small palette PNG so the repository stays light.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
HUB_ARTIFACTS = REPO / "test-artifacts" / "hub"
HERE = REPO / "docs" / "screenshots"

# README picture <- the browser-test step it shows
PICTURES = {
    "dashboard.png": "dashboard-1-urgent-signal-first.png",
    "prepare.png": "lab-prepare.png",
    "now.png": "lab-now.png",
    "direction.png": "lab-direction.png",
    "gap.png": "lab-gap.png",
    "monthly-review.png": "dashboard-3-review-opened-on-the-person.png",
    "check-in.png": "tour-check-in.png",
    "practice-health.png": "tour-practice-health.png",
    "without-notes.png": "tour-without-notes.png",
    "app.png": "app-3-prepare-urgent.png",
    "reply.png": "reply-e2e-1-the-reply.png",
    "replies.png": "reply-e2e-2-replies-page.png",
    "organisation-view.png": "documents-organisation-view.png",
    "contract-builder.png": "first-contact-09-the-next-version.png",
    "contract.png": "documents-contract.png",
    "quick-reference.png": "documents-quick-reference.png",
    "team-view.png": "documents-team-view.png",
}


# README picture <- the hub test's step it shows (tests/hub, run by make test)
HUB_PICTURES = {
    "hub-dashboard.png": "hub-alice-dashboard.png",
    "hub-bob-queries-alices-rows.png": "hub-bob-queries-alices-rows.png",
    "hub-organisation-view.png": "hub-organisation-view.png",
    "report-page.png": "hub-carol-report-page.png",
}


def main() -> int:
    steps = {picture: ARTIFACTS / step for picture, step in PICTURES.items()}
    steps |= {picture: HUB_ARTIFACTS / step for picture, step in HUB_PICTURES.items()}
    missing = [step.name for step in steps.values() if not step.exists()]
    if missing:
        print(f"run the browser tests first (make screenshots); missing: {', '.join(missing)}")
        return 1
    for picture, step in steps.items():
        image = Image.open(step).convert("RGB")
        image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(HERE / picture, optimize=True)
        print(f"{picture:32} <- {step.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
