"""Query-string parsing: ASCII digits only, bounded, and text without control characters."""
import pytest

from core.params import MAX_ID, clean_text, clean_text_list, position, positive_int


class PositiveIntTests:
    @pytest.mark.parametrize("value", ["1", "42", str(MAX_ID)])
    def test_ascii_digits_in_range_are_read(self, value):
        assert positive_int(value) == int(value)

    @pytest.mark.parametrize("value", ["²", "١", "٢٣", "1²", "", " 1", "1 ", "+1", "-1", "0", "1.0", "1e3", "\x00",
                                       "1\x00", str(MAX_ID + 1), "9" * 30, None, 5])
    def test_anything_else_is_not_a_number(self, value):
        assert positive_int(value) is None

    def test_the_maximum_is_respected(self):
        assert positive_int("501", maximum=500) is None
        assert positive_int("500", maximum=500) == 500


class PositionTests:
    def test_a_plain_decimal_pair_on_the_globe_is_read(self):
        assert position("64.17", "-17.3333") == (64.17, -17.3333)

    @pytest.mark.parametrize(("lat", "lon"), [("nan", "1"), ("inf", "1"), ("1e1", "1"), ("١٢", "1"), (" 12", "1"),
                                          ("91", "0"), ("0", "181"), ("\x00", "1"), ("1", None), ("x" * 10_000, "1")])
    def test_anything_else_is_no_position(self, lat, lon):
        assert position(lat, lon) is None


class CleanTextTests:
    def test_control_characters_are_dropped_and_line_breaks_become_spaces(self):
        assert clean_text(" Åse\x00le\x7f\x85 ", max_length=100) == "Åsele"
        assert clean_text("kök\toch\r\naltan", max_length=100) == "kök och  altan"

    def test_text_is_cut_to_the_maximum(self):
        assert clean_text("x" * 10_000, max_length=200) == "x" * 200

    def test_lists_drop_empty_values_and_keep_at_most_the_maximum(self):
        assert clean_text_list(["\x00", "a", "", "b", "c"], max_values=2) == ["a", "b"]
