"""A server-rendered, accessible SVG bar chart of maturity scores (0–100) per dimension.

Kept inside competence for now; platform/reporting/charts.py (written in parallel) may take it over.
Every bar carries its series name and value as text, so nothing depends on colour; the SVG is an image
(role="img") named by its <title> and <desc>, and the page puts a data table beside it. No style
attributes (CSP): only SVG presentation attributes."""
from django import template

register = template.Library()

# Drawn for a phone (360 wide at font size 15); a wider screen scales it up to the CSS max-width.
WIDTH, LABEL_END, BAR_START, BAR_MAX = 360, 100, 106, 210
TITLE_HEIGHT, ROW_HEIGHT, GAP = 24, 22, 12
# Fills by series position: solid, lighter, lighter still, outline only. Meaning is in the text labels.
FILLS = [("currentColor", "1"), ("currentColor", "0.6"), ("currentColor", "0.35"), ("none", "1")]


@register.inclusion_tag("competence/_maturity_chart.html")
def maturity_chart(chart_id: str, title: str, description: str, dimensions, series, hidden_text: str = ""):
    """dimensions: [(key, title)]; series: [(short name, {key: value or None})], names of at most ~11
characters (they sit left of the bars). A None value is drawn as text
    (`hidden_text`, e.g. "för få företag för att visa") instead of a bar."""
    groups, y = [], 0
    for key, dimension_title in dimensions:
        rows = []
        y_title = y + 18
        y += TITLE_HEIGHT
        for index, (name, values) in enumerate(series):
            value = (values or {}).get(key)
            fill, opacity = FILLS[index % len(FILLS)]
            width = 0 if value is None else max(1, round(BAR_MAX * float(value) / 100))
            rows.append({
                "name": name, "value": value, "y": y, "text_y": y + 15, "bar_width": width,
                "value_x": BAR_START + width + 6, "fill": fill, "opacity": opacity, "outline": fill == "none",
            })
            y += ROW_HEIGHT
        groups.append({"key": key, "title": dimension_title, "title_y": y_title, "rows": rows})
        y += GAP
    return {"chart_id": chart_id, "title": title, "description": description, "groups": groups, "width": WIDTH,
            "height": y, "label_end": LABEL_END, "bar_start": BAR_START, "bar_height": ROW_HEIGHT - 6,
            "hidden_text": hidden_text}
