"""Chromium for the browser tests (Debian's, never a downloaded one) and the accessibility audit every
page they show gets: axe-core for WCAG 2.1 A/AA, and no Content-Security-Policy violation.
tests/e2e/conftest.py explains how the audit is triggered."""
import functools
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_SOURCE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"  # Debian's package; tests never download a browser.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

AUDITED = "data-axe-audited"  # set on <html> when the audit of that document starts
_RUN_AXE = """
;(async () => {
  document.documentElement.setAttribute("%s", "");
  // Let the page settle before measuring colours: Wagtail's admin shows its messages a moment
  // after load (a timer adds the class that fades them in), and mid-fade text has low contrast.
  await new Promise(resolve => setTimeout(resolve, 300));
  await Promise.all(document.getAnimations().map(animation => animation.finished.catch(() => null)));
  const result = await axe.run(document, {runOnly: {type: "tag", values: %s}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
  }));
})()""" % (AUDITED, json.dumps(WCAG_TAGS))


class AccessibilityAudit:
    """Audits each document a page shows, once, and collects what should fail the test."""

    def __init__(self, page: Page):
        self.page = page
        self.audited_urls: list[str] = []
        self.problems: list[str] = []
        page.add_locator_handler(page.locator(f"html:not([{AUDITED}])"), self.audit_current_page)
        # A CSP violation would mean the site blocks its own nonce'd theme style or scripts.
        page.on("console", self._record_csp_violation)

    def _record_csp_violation(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation on {self.page.url}: {message.text}")

    def audit_current_page(self) -> None:
        page = self.page
        page.wait_for_load_state("load")  # stylesheets applied, so colour contrast is real
        url = page.url
        if url == "about:blank" or page.locator(f"html[{AUDITED}]").count():
            return
        try:
            # The source goes in with the run: one evaluation, nothing left in the page between them.
            violations = page.evaluate(_axe_source() + _RUN_AXE)
        except Exception as error:  # an unaudited page must fail the test, not pass silently
            self.problems.append(f"Could not audit {url}: {error}")
        else:
            self.audited_urls.append(url)
            for v in violations:
                if v["impact"] in BLOCKING_IMPACTS:
                    targets = "\n      ".join(v["targets"])
                    self.problems.append(f"{url}\n    {v['id']} ({v['impact']}): {v['help']}\n      {targets}")

    def raise_for_problems(self) -> None:
        if self.problems:
            pytest.fail(
                "Accessibility/CSP problems (axe-core, WCAG 2.1 A/AA, serious or critical):\n  "
                + "\n  ".join(self.problems),
                pytrace=False,
            )


@functools.cache
def _axe_source() -> str:
    return AXE_SOURCE_PATH.read_text(encoding="utf-8")  # installed by `make install-dev` (npm ci)
