"""Ready-made colour palettes a municipality can start from. All pass WCAG 2.1 AA."""
from django.utils.translation import gettext_lazy as _

PRESETS: dict[str, dict] = {
    "fjall": {
        "label": _("Fjäll (blå)"),
        "colors": {"primary": "#1d4f7a", "on_primary": "#ffffff", "background": "#ffffff",
                   "text": "#1b1f23", "link": "#1d4f7a", "accent": "#f2c14e"},
    },
    "skog": {
        "label": _("Skog (grön)"),
        "colors": {"primary": "#1f5c3a", "on_primary": "#ffffff", "background": "#fbfaf6",
                   "text": "#1c211d", "link": "#1f5c3a", "accent": "#e3a72f"},
    },
    "alv": {
        "label": _("Älv (petrol)"),
        "colors": {"primary": "#0b5563", "on_primary": "#ffffff", "background": "#ffffff",
                   "text": "#15232a", "link": "#0a5260", "accent": "#f4a261"},
    },
    "norrsken": {
        "label": _("Norrsken (lila)"),
        "colors": {"primary": "#4b2e83", "on_primary": "#ffffff", "background": "#fdfcff",
                   "text": "#1e1a26", "link": "#4b2e83", "accent": "#7bd3b0"},
    },
}
PRESET_CHOICES = [(key, preset["label"]) for key, preset in PRESETS.items()]
COLOR_TOKENS = ("primary", "on_primary", "background", "text", "link", "accent")
