"""A theme's colours must reach WCAG 2.1 AA contrast; presets are valid starting points."""
import pytest
from django.core.exceptions import ValidationError

from themes.contrast import contrast_ratio
from themes.models import Theme
from themes.presets import PRESETS
from themes.tokens import theme_css_variables


class ContrastRatioTests:
    def test_black_on_white_is_21_to_1(self):
        assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)

    def test_same_colour_is_1_to_1(self):
        assert contrast_ratio("#1d4f7a", "#1d4f7a") == pytest.approx(1.0)

    def test_mid_grey_on_white_matches_the_published_value(self):
        # #767676 on white is the classic "just passes AA" grey: 4.54:1.
        assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


class ThemeValidationTests:
    @pytest.mark.parametrize("preset", sorted(PRESETS))
    def test_every_preset_passes_aa(self, preset):
        Theme(name="t", preset=preset).full_clean()

    def test_low_contrast_text_is_refused_naming_the_pair(self):
        theme = Theme(name="t", preset="fjall", color_text="#bbbbbb", color_background="#ffffff")
        with pytest.raises(ValidationError) as error:
            theme.full_clean()
        message = " ".join(error.value.message_dict["color_text"])
        assert "Brödtext mot bakgrund" in message
        assert "#bbbbbb" in message
        assert "4.5:1" in message

    def test_low_contrast_header_text_is_refused_on_its_own_field(self):
        theme = Theme(name="t", preset="fjall", color_on_primary="#3a6a92")
        with pytest.raises(ValidationError) as error:
            theme.full_clean()
        assert "Text på primärfärg har kontrasten" in " ".join(error.value.message_dict["color_on_primary"])

    def test_malformed_colour_gets_a_field_error_in_swedish(self):
        theme = Theme(name="t", preset="fjall", color_primary="blue")
        with pytest.raises(ValidationError) as error:
            theme.full_clean()
        assert "hexkod" in " ".join(error.value.message_dict["color_primary"])

    def test_overrides_replace_preset_colours_in_the_css_tokens(self):
        theme = Theme(name="t", preset="skog", color_primary="#5a1e1e")
        css = theme_css_variables(theme)
        assert "--color-primary:#5a1e1e;" in css
        assert f"--color-background:{PRESETS['skog']['colors']['background']};" in css
