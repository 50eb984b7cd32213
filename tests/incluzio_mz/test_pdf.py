"""WeasyPrint renders real PDFs (checked with pdftotext), through incluzio_mz/lib/pdf.py only."""

import subprocess

from incluzio_mz.lib.pdf import render_pdf
from tests.helpers import require_tool


def test_render_pdf_produces_readable_dutch_text(tmp_path, settings) -> None:
    pdftotext = require_tool("pdftotext")
    template_dir = tmp_path / "templates"
    (template_dir / "pdf").mkdir(parents=True)
    (template_dir / "pdf" / "sample.html").write_text(
        "<html><head><style>@page { size: A4; @bottom-center { content: 'Pagina ' counter(page); "
        "font-family: sans-serif; } } body { font-family: sans-serif; }</style></head>"
        "<body><h1>{{ title }}</h1><p>Bijdrage € 210 per maand, „geïnformeerd”.</p></body></html>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir]}]
    pdf = render_pdf(template="pdf/sample.html", context={"title": "Besluit op advies MZ-2026-001"})
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "sample.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Besluit op advies MZ-2026-001" in text
    assert "€ 210 per maand" in text
    assert "„geïnformeerd”" in text
    assert "Pagina 1" in text
