"""Charts say what they show in text: role, title, description, every label and value on its bar."""
import xml.etree.ElementTree as ET

from reporting.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_the_chart_is_an_accessible_image_sized_by_viewbox_without_inline_styles():
    svg = bar_chart(title="Behov per yrke", description="Antal behov per yrkesgrupp",
                    bars=[Bar("2512 Mjukvaruutvecklare", (12,)), Bar("<script>", (5,))], chart_id="c1")
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img" and root.get("viewBox", "").startswith("0 0 ")
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Behov per yrke"
    assert root.find(f"{SVG}desc").text == "Antal behov per yrkesgrupp"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2512 Mjukvaruutvecklare" in texts and "12" in texts and "<script>" in texts  # escaped, parsed back
    assert "style=" not in str(svg) and "width=" not in str(svg).split(">", 1)[0]


def test_a_second_series_is_hatched_and_named_in_text_and_a_hidden_value_says_so():
    svg = str(bar_chart(title="Öppna och tillgodosedda", description="d", series=("Öppna", "Tillgodosedda"),
                        bars=[Bar("Mikroföretag", (7, None))], hidden_text="dold, färre än 5 företag"))
    root = ET.fromstring(svg)
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect") if "chart-bar" in (r.get("class") or "")}
    assert any(f.startswith("url(#") for f in fills | {r.get("fill") for r in root.iter(f"{SVG}rect")})
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Öppna" in texts and "Tillgodosedda" in texts
    assert "Öppna: 7" in texts and "Tillgodosedda: dold, färre än 5 företag" in texts
