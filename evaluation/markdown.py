"""A small Markdown subset to HTML, for the model card section of the report page.

Text is escaped before any markup is added, so the card cannot inject HTML. A full
Markdown library would be a new dependency for one section.
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=True)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _CODE.sub(r"<code>\1</code>", escaped)


def markdown_to_html(markdown: str) -> str:
    """A small Markdown subset (headings, lists, tables, paragraphs, bold, code) to HTML."""
    out: list[str] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip():
            index += 1
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            level = min(len(heading.group(1)) + 1, 6)  # the page's h1 is the report title
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            index += 1
            continue
        if line.lstrip().startswith(("- ", "* ")):
            items = []
            while index < len(lines) and lines[index].lstrip().startswith(("- ", "* ")):
                items.append(f"<li>{_inline(lines[index].lstrip()[2:])}</li>")
                index += 1
            out.append("<ul>" + "".join(items) + "</ul>")
            continue
        if line.startswith("|"):
            rows = []
            while index < len(lines) and lines[index].startswith("|"):
                cells = [cell.strip() for cell in lines[index].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells):
                    rows.append(cells)
                index += 1
            if rows:
                head = "".join(f"<th>{_inline(cell)}</th>" for cell in rows[0])
                body = "".join("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row)
                               + "</tr>" for row in rows[1:])
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            continue
        paragraph = []
        while index < len(lines) and lines[index].strip() and not re.match(
                r"^(#{1,6}\s|\||\s*[-*]\s)", lines[index]):
            paragraph.append(lines[index].strip())
            index += 1
        out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
    return "\n".join(out)
