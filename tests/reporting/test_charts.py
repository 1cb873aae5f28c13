"""Charts say what they show in text: role, title, description, every label and value on its bar."""
import xml.etree.ElementTree as ET

from reporting.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_the_chart_is_an_accessible_image_sized_by_viewbox_without_inline_styles():
    svg = bar_chart(title="Behov per yrke", description="Antal behov per yrkesgrupp",
                    bars=[Bar("2512 Mjukvaruutvecklare", (12,)), Bar("<script>", (5,))], chart_id="c1")
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Behov per yrke"
    assert root.find(f"{SVG}desc").text == "Antal behov per yrkesgrupp"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2512 Mjukvaruutvecklare" in texts
    assert "12" in texts
    assert "<script>" in texts
    assert "style=" not in str(svg)
    assert "width=" not in str(svg).split(">", 1)[0]


def test_a_second_series_is_hatched_and_named_in_text_and_a_hidden_value_says_so():
    svg = str(bar_chart(title="Öppna och tillgodosedda", description="d", series=("Öppna", "Tillgodosedda"),
                        bars=[Bar("Mikroföretag", (7, None))], hidden_text="dold, färre än 5 företag"))
    root = ET.fromstring(svg)
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect") if "chart-bar" in (r.get("class") or "")}
    assert any(f.startswith("url(#") for f in fills | {r.get("fill") for r in root.iter(f"{SVG}rect")})
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Öppna" in texts
    assert "Tillgodosedda" in texts
    assert "Öppna: 7" in texts
    assert "Tillgodosedda: dold, färre än 5 företag" in texts


def test_series_beside_their_bars_on_a_fixed_scale_with_whole_numbers_and_four_told_apart_fills():
    svg = str(bar_chart(title="Poäng", description="d", series=("T0", "T1", "Kommunen", "Branschen"),
                        bars=[Bar("Människan i digitaliseringen", (25.0, 62.5, 50.0, None))], max_value=100,
                        decimals=0, series_beside=True, width=360, hidden_text="för få företag", chart_id="m"))
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    # The group's whole label as a heading, then each series' name beside its bar and the bare value.
    assert texts == ["Människan i digitaliseringen", "T0", "25", "T1", "63", "Kommunen", "50",
                     "Branschen", "för få företag"]
    assert root.get("viewBox").startswith("0 0 360 ")
    bars = [r for r in root.iter(f"{SVG}rect") if "chart-bar" in (r.get("class") or "")]
    assert len({r.get("fill") for r in bars}) == 3  # solid, hatched, dotted: not by colour alone
    # On the fixed 0–100 scale a 50 takes half the bars' room (210 of 360), not 50/62.5 of it.
    assert float(bars[2].get("width")) == 105.0
    assert float(bars[1].get("width")) == 131.2
