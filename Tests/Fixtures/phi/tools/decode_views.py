#!/usr/bin/env python3
"""Write the text views of each .eml file as the MIME parser is meant to produce them.

The PHI tests run the detectors on these views, so they do not depend on the state of the
MIME parser. Each output file holds one section per view, introduced by a line
'=== VIEW kind part-path' and followed by the view's UTF-8 text.

Usage: decode_views.py MESSAGES_DIR VIEWS_DIR
"""
import email
import email.policy
import html
import html.parser
import pathlib
import sys

BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
              "ul", "ol", "blockquote", "pre", "hr"}
CELL_TAGS = {"td", "th"}


class VisibleText(html.parser.HTMLParser):
    """Collect the text a reader sees: tags removed, blocks as line breaks, cells as tabs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.lower().startswith("tel:"):
            # Telephone links are kept: a reader's mail client shows them as numbers.
            self.parts.append(f" {href} ")
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in CELL_TAGS:
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def text(self):
        lines = [" ".join(line.replace("\xa0", " ").split(" ")).strip(" ")
                 for line in "".join(self.parts).split("\n")]
        return "\n".join(line for line in lines if line.strip())


def header_view(message):
    lines = []
    for name in ("Subject", "Comments"):
        value = message.get(name)
        if value is not None:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def views(message, path):
    result = [("headers", path, header_view(message))]
    if message.is_multipart():
        for index, part in enumerate(message.iter_parts(), start=1):
            result.extend(part_views(part, f"{path}.{index}"))
    else:
        result.extend(part_views(message, path, top=True))
    return result


def part_views(part, path, top=False):
    content_type = part.get_content_type()
    filename = part.get_filename()
    result = []
    if filename:
        result.append(("attachment_name", path, filename))
    if content_type == "message/rfc822":
        inner = part.get_payload()[0]
        result.extend(views(inner, f"{path}.1"))
    elif part.is_multipart():
        for index, child in enumerate(part.iter_parts(), start=1):
            result.extend(part_views(child, f"{path}.{index}"))
    elif content_type == "text/html":
        parser = VisibleText()
        parser.feed(part.get_content())
        result.append(("html", path, parser.text()))
    elif content_type == "text/csv":
        result.append(("csv", path, part.get_content()))
    elif content_type.startswith("text/"):
        result.append(("plain", path, part.get_content()))
    return result


def main():
    source, target = map(pathlib.Path, sys.argv[1:3])
    target.mkdir(parents=True, exist_ok=True)
    for eml in sorted(source.glob("*.eml")):
        with eml.open("rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
        sections = [f"=== VIEW {kind} {path}\n{text.rstrip()}\n"
                    for kind, path, text in views(message, "1")]
        (target / (eml.stem + ".txt")).write_text("".join(sections), encoding="utf-8")


if __name__ == "__main__":
    main()
