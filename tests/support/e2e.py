"""Helpers the user-story tests (tests/e2e/) share: where a municipality answers, form fields by label,
colours, signing in, keyboard-only walkthroughs."""
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.test import Client
from playwright.sync_api import Locator, Page

from tests.factories.accounts import PASSWORD


def home_url(municipality) -> str:
    """The municipality's home page on the live server, e.g. http://arvidsjaur.localhost:41234/."""
    return f"{municipality.site.root_url}/"


def field(page: Page, label: str) -> Locator:
    """A form field by its visible label; Django's labels end in a colon."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def css_rgb(hex_colour: str) -> str:
    """'#1d4f7a' -> 'rgb(29, 79, 122)', the form getComputedStyle reports."""
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def link_in(email: EmailMessage) -> str:
    match = re.search(r"https?://\S+", email.body)
    assert match, f"No link in the e-mail:\n{email.body}"
    return match.group(0)


def session_cookie(user, municipality) -> list[dict]:
    """A signed-in session for `user` (the sign-in flow itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "domain": municipality.site.hostname, "path": "/"}]


def log_in(page: Page, email: str) -> None:
    field(page, "E-post").fill(email)
    field(page, "Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


# --- Keyboard-only walkthroughs ------------------------------------------------------------------
# A person who cannot use a mouse moves with Tab / Shift+Tab and acts with Enter, Space and typing.
# The helpers below only press keys; each stop is checked for a focus indicator one can see.

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const label = (el.labels && el.labels.length ? el.labels[0].innerText
                 : el.getAttribute("aria-label") || el.innerText || el.value || "").trim().replace(/\\s+/g, " ");
  // The colour the outline is drawn on: what shows at the middle of the ring, just outside the
  // element (or inside, for a negative offset), found from what is painted there, so a skip link
  // that floats over the header is measured against the header.
  const box = el.getBoundingClientRect();
  const ring = (parseFloat(style.outlineOffset) || 0) + (parseFloat(style.outlineWidth) || 0) / 2;
  const y = box.top + box.height / 2;
  const x = box.left - ring >= 0 ? box.left - ring : box.right + ring;
  const opaque = colour => colour && colour !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(colour);
  let background = "rgb(255, 255, 255)";
  for (const under of document.elementsFromPoint(x, y)) {
    if (ring > 0 && (under === el || el.contains(under))) continue;
    const colour = getComputedStyle(under).backgroundColor;
    if (opaque(colour)) { background = colour; break; }
  }
  return {
    label,
    description: `${el.tagName.toLowerCase()}${el.type ? "[" + el.type + "]" : ""} "${label.slice(0, 60)}"`,
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow, background,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
              && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    red, green, blue = (float(n) for n in re.findall(r"[\d.]+", css)[:3])
    return red, green, blue


def _contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two computed colours ('rgb(r, g, b)')."""
    def luminance(colour):
        channels = [c / 255 for c in _rgb(colour)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def focused(page: Page) -> dict | None:
    """What has the keyboard focus, how it is drawn, and on what background."""
    return page.evaluate(_FOCUSED)


def focus_problem(state: dict | None) -> str | None:
    """Why a sighted keyboard user could not see where the focus is (WCAG 2.4.7, 1.4.11), or None."""
    if state is None:
        return "nothing has the focus"
    if not state["onScreen"]:
        return f"{state['description']} has the focus but is not on the screen"
    if state["boxShadow"] != "none":
        return None
    if state["outlineStyle"] == "none" or state["outlineWidth"] < 2:
        return f"{state['description']} shows no focus indicator (outline {state['outlineStyle']} {state['outlineWidth']}px)"
    ratio = _contrast(state["outlineColor"], state["background"])
    if ratio < 3:
        return (f"{state['description']}: the focus outline {state['outlineColor']} has contrast {ratio:.2f}:1 "
                f"against {state['background']} (at least 3:1 needed)")
    return None


def tab_to(page: Page, target: Locator, *, backwards: bool = False, max_presses: int = 80) -> list[str]:
    """Press Tab (Shift+Tab when `backwards`) until `target` has the focus, as a keyboard user
    would, checking at every stop that the focus can be seen. Returns the stops on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    stops: list[str] = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        state = focused(page)
        problem = focus_problem(state)
        assert problem is None, f"{problem}\n  after {key} past: {stops}"
        stops.append(state["description"])
        if target.evaluate("element => element === document.activeElement"):
            return stops
    raise AssertionError(f"{key} never reached {target} in {max_presses} presses; it went past:\n  "
                         + "\n  ".join(stops))


def type_into(page: Page, target: Locator, text: str) -> list[str]:
    """Tab forward to a field and type into it; returns the stops on the way."""
    stops = tab_to(page, target)
    page.keyboard.type(text)
    return stops


def skip_to_content(page: Page) -> None:
    """From the top of a page: the first Tab lands on the skip link, which must be visible and
    focused visibly; Enter on it moves the focus to the main content."""
    page.keyboard.press("Tab")
    state = focused(page)
    assert state, "the first Tab went nowhere"
    assert state["label"] == "Hoppa till innehållet", f"the first Tab went to {state}"
    assert focus_problem(state) is None, focus_problem(state)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", "the skip link did not move the focus"


def typed(text: str):
    return lambda page: page.keyboard.type(text)


def pressed(key: str):
    return lambda page: page.keyboard.press(key)


def walk_form(page: Page, steps: list[tuple[str, object]]) -> None:
    """Tab through a form one stop at a time. Each step names the label (a field's label, or a
    button's text) the next Tab must reach and what to do there (None: nothing, just pass by), so
    the walk fails if the order skips a field, adds a stop, or loses the focus indicator."""
    for label, action in steps:
        page.keyboard.press("Tab")
        state = focused(page)
        problem = focus_problem(state)
        assert problem is None, problem
        assert state["label"].rstrip(":") == label, f"expected the focus on {label!r}, it is on {state['description']}"
        if action is not None:
            action(page)
