#!/usr/bin/python3
# Finds what in one HTML file would load from outside it, and in-page links that lead nowhere.
#
# A self-contained report loads nothing: src, srcset, poster and data hold data: URLs only; href
# (links, <link>, SVG) and form actions point into the page (#id); CSS url() holds data: or #id, and
# there is no @import. A relative reference fails as well as http:// or https://: the file is handed
# on alone. Plain text naming a URL is fine. Exit status: 0 none found, 1 one line per finding.
import re
import sys
from html.parser import HTMLParser

EMBEDDED_ONLY = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "manifest", "ping"}
IN_PAGE_ONLY = {"href", "xlink:href", "action", "formaction"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
CSS_IMPORT = re.compile(r"@import\b", re.I)
SCRIPT_URL = re.compile(r"\b(?:https?|wss?|ftp)://[^\s'\"`)]+", re.I)


class References(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self.ids = set()
        self.anchors = []  # (line, target) of every href="#target"
        self.raw_text_tag = None

    def found(self, what):
        self.findings.append("line %d: %s" % (self.getpos()[0], what))

    def handle_starttag(self, tag, attrs):
        self.check_tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check_tag(tag, attrs)

    def check_tag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip()
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name in EMBEDDED_ONLY and value and not value.lower().startswith("data:"):
                self.found("<%s %s=\"%s\"> loads from outside the file" % (tag, name, value[:80]))
            elif name in IN_PAGE_ONLY and value and not value.startswith("#"):
                self.found("<%s %s=\"%s\"> points outside the file" % (tag, name, value[:80]))
            elif name in IN_PAGE_ONLY and len(value) > 1:
                self.anchors.append((self.getpos()[0], value[1:]))
            elif name == "style":
                self.check_css(value, "style attribute of <%s>" % tag)
            elif name == "http-equiv" and value.lower() == "refresh":
                self.found("<meta http-equiv=\"refresh\"> navigates away")
        if tag == "base":
            self.found("<base> changes where every reference points")
        if tag in ("style", "script"):
            self.raw_text_tag = tag

    def handle_endtag(self, tag):
        if tag == self.raw_text_tag:
            self.raw_text_tag = None

    def handle_data(self, data):
        if self.raw_text_tag == "style":
            self.check_css(data, "<style>")
        elif self.raw_text_tag == "script":
            for url in SCRIPT_URL.findall(data):
                self.found("<script> names %s" % url[:80])

    def check_css(self, css, where):
        for _, url in CSS_URL.findall(css):
            if not url.lower().startswith("data:") and not url.startswith("#"):
                self.found("%s: url(%s) loads from outside the file" % (where, url[:80]))
        if CSS_IMPORT.search(css):
            self.found("%s: @import loads from outside the file" % where)

    def broken_anchors(self):
        # "#top" scrolls to the top of any page (HTML's "indicated part of the document").
        return ["line %d: href=\"#%s\" names no id in the page" % (line, target)
                for line, target in self.anchors if target not in self.ids and target.lower() != "top"]


def main():
    if len(sys.argv) != 2:
        print("usage: html_references.py FILE", file=sys.stderr)
        return 2
    parser = References()
    with open(sys.argv[1], encoding="utf-8") as html:
        parser.feed(html.read())
    parser.close()
    findings = parser.findings + parser.broken_anchors()
    for line in findings:
        print("%s: %s" % (sys.argv[1], line))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
