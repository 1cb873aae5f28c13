"""Reporting (kernel): what several apps need to publish figures about companies.

- `suppression`: hide small cells (fewer than 5 distinct companies) and the cells that would reveal them;
- `charts`: accessible bar charts rendered on the server as SVG, always shown beside a data table;
- `export`: streamed CSV and XLSX responses whose memory stays flat however many rows they carry.

Nothing here knows about a domain app: tables, rows and labels come from the caller.
"""
