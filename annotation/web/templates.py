"""The annotation pages' templates: this stage's folder first, then the shared shell."""

from __future__ import annotations

from pathlib import Path

from web.pages import page_templates

templates = page_templates(Path(__file__).resolve().parents[1] / "templates")
