"""Turns a theme into CSS custom properties."""
from themes.models import Theme
from themes.presets import PRESETS


def theme_css_variables(theme: Theme | None) -> str:
    colors = theme.colors if theme else PRESETS["fjall"]["colors"]
    declarations = "".join(f"--color-{name.replace('_', '-')}:{value};" for name, value in colors.items())
    return f":root{{{declarations}}}"
