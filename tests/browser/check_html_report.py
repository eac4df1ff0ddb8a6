#!/usr/bin/python3
# Opens one HTML report in headless Chromium over the DevTools protocol and checks what a reader sees.
#
# Run with Debian's /usr/bin/python3 and python3-websocket (scripts/install-deps.sh --test); see
# tests/browser/README.md for the contract the report follows and what each check asserts.
# Exit status: 0 every check passed; 1 a check failed (one line per failure) or a tool is missing.
import argparse
import base64
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
PDFINFO = "/usr/bin/pdfinfo"
INSTALL_HINT = "run scripts/install-deps.sh --test"
TIME_LIMIT_S = 60
VIEWPORT = (1280, 900)
A4_INCHES = (8.27, 11.69)
STATUS_OPTIONS = ["", "FAIL", "UNVERIFIABLE", "MANUAL", "WAIVED", "PASS"]
# Nothing leaves the machine, even for a broken report: no name resolves and every connection goes
# to a closed port here. (Network.setBlockedURLs would do it too, but it pre-empts the page's CSP,
# whose violations are to be seen.)
ISOLATION_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                   "--proxy-bypass-list=<-loopback>"]
# Source expressions a CSP of a self-contained file may hold; 'self' would admit other local files.
CSP_SOURCES = re.compile(r"'none'|'unsafe-inline'|data:|'(sha256|sha384|sha512)-[A-Za-z0-9+/=_-]+'|'nonce-[^']+'")

try:
    import websocket
except ImportError:
    websocket = None


class Timeout(Exception):
    pass


class DevToolsError(Exception):
    pass


class Chromium:
    """A headless Chromium in its own process group with a throwaway profile; close() always kills it."""

    def __init__(self, work_dir):
        self.work_dir = work_dir
        self.profile = os.path.join(work_dir, "profile")
        self.log_path = os.path.join(work_dir, "chromium.log")
        self.process = None

    def start(self, deadline):
        args = [CHROMIUM, "--headless=new", "--user-data-dir=" + self.profile, "--remote-debugging-port=0",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--mute-audio",
                "--hide-scrollbars", "--force-color-profile=srgb", *ISOLATION_FLAGS]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            start_new_session=True, preexec_fn=_die_with_parent)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DevToolsError("chromium exited with status %d before it listened: %s"
                                    % (self.process.returncode, self.log_tail()))
            try:
                lines = Path(port_file).read_text().split("\n")
                if len(lines) >= 2 and lines[0].isdigit() and lines[1].startswith("/devtools/"):
                    return "ws://127.0.0.1:%s%s" % (lines[0], lines[1])
            except FileNotFoundError:
                pass
            time.sleep(0.05)
        raise Timeout("chromium did not write DevToolsActivePort in time: " + self.log_tail())

    def log_tail(self):
        try:
            text = Path(self.log_path).read_text(errors="replace").strip()
        except OSError:
            return "(no log)"
        return " | ".join(text.splitlines()[-5:]) or "(empty log)"

    def close(self):
        if self.process is None or self.process.returncode is not None:
            return
        for sig, wait_s in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait_s)
                break
            except subprocess.TimeoutExpired:
                continue
        # The group outlives its leader for a moment (renderers, zygote): take it down and wait for it.
        until = time.monotonic() + 5
        while time.monotonic() < until:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            time.sleep(0.05)


def _die_with_parent():
    # If this checker is killed (a ctest timeout sends SIGKILL), the browser gets SIGKILL too.
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class DevTools:
    """One websocket to the browser; a page is driven through a flattened target session."""

    def __init__(self, url, deadline):
        self.deadline = deadline
        self.ws = websocket.create_connection(url, timeout=self.remaining(), suppress_origin=True)
        self.next_id = 0
        self.session = None
        self.listeners = []

    def remaining(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Timeout("the %d s time limit ran out" % TIME_LIMIT_S)
        return left

    def receive(self, until):
        self.ws.settimeout(min(self.remaining(), max(0.01, until - time.monotonic())))
        try:
            message = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        if "method" in message:
            for listener in self.listeners:
                listener(message["method"], message.get("params", {}))
        return message

    def call(self, method, params=None, browser=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if not browser:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            self.remaining()
            reply = self.receive(self.deadline)
            if reply is None or reply.get("id") != self.next_id:
                continue
            if "error" in reply:
                raise DevToolsError("%s: %s" % (method, reply["error"].get("message")))
            return reply.get("result", {})

    def pump(self, seconds, done=None):
        """Handles events for up to `seconds`, or until `done()` holds."""
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            if done is not None and done():
                return True
            self.receive(until)
        return done is not None and done()

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise DevToolsError("evaluating a check threw: %s" % _exception_text(details))
        return result["result"].get("value")

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass


def _exception_text(details):
    exception = details.get("exception") or {}
    text = exception.get("description") or details.get("text") or "?"
    return text.splitlines()[0] + " (line %s)" % (details.get("lineNumber", -1) + 1)


class Problems:
    """What the page reported by itself while it was open: console, exceptions, CSP, requests."""

    def __init__(self, report_url):
        self.report_url = report_url
        self.lines = []
        self.load_fired = False

    def add(self, line):
        if line not in self.lines:
            self.lines.append(line)

    def __call__(self, method, params):
        if method == "Page.loadEventFired":
            self.load_fired = True
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            text = " ".join(_remote_text(arg) for arg in params.get("args", []))
            self.add("console %s: %s" % (params["type"], text))
        elif method == "Runtime.exceptionThrown":
            self.add("uncaught exception: " + _exception_text(params.get("exceptionDetails", {})))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") in ("error", "warning"):
                kind = "CSP violation" if "Content Security Policy" in entry.get("text", "") \
                    else "console %s (%s)" % (entry["level"], entry.get("source"))
                self.add("%s: %s" % (kind, entry.get("text", "").strip()))
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if url.split("#")[0] != self.report_url and not url.startswith("data:"):
                # Reported even when the CSP stopped it: the page tried to load it.
                self.add("a load of something other than the file: " + url)


def _remote_text(arg):
    if "value" in arg:
        return str(arg["value"])
    return arg.get("description", arg.get("type", "?"))


# Reads the page's checks and filter state in one round trip.
STATE_JS = r"""(() => {
  const rendered = (el) => !!el && el.getClientRects().length > 0;
  const checks = Array.from(document.querySelectorAll("article.check")).map((el) => ({
    text: el.textContent, hidden: el.hidden, rendered: rendered(el),
    section: el.dataset.section, statuses: el.dataset.statuses, clusters: el.dataset.clusters}));
  const options = (id) => { const el = document.getElementById(id);
    return el && el.options ? Array.from(el.options).map((o) => o.value) : null; };
  const form = document.getElementById("filters");
  const count = document.getElementById("filter-count");
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
  return {checks,
    sections: document.querySelectorAll("section.benchmark").length,
    form: form ? {tag: form.tagName, hidden: form.hidden, rendered: rendered(form)} : null,
    search: (document.getElementById("filter-search") || {}).type || null,
    status: options("filter-status"), cluster: options("filter-cluster"), section: options("filter-section"),
    count: count ? {tag: count.tagName, text: count.textContent.trim(), rendered: rendered(count)} : null,
    csp: csp ? csp.content : null};
})()"""


def shown(state):
    return [i for i, c in enumerate(state["checks"]) if c["rendered"]]


def count_says(state, number):
    return state["count"] is not None and re.search(r"(?<!\d)%d(?!\d)" % number, state["count"]["text"]) is not None


def check_contract(state, fail):
    """The elements and attributes the filters rely on are there."""
    if not state["csp"] or not re.search(r"default-src\s+'none'", state["csp"]):
        fail("no Content-Security-Policy meta with default-src 'none' (found: %s)" % state["csp"])
    for directive in (state["csp"] or "").split(";"):
        for source in directive.split()[1:]:
            if not CSP_SOURCES.fullmatch(source):
                fail("the Content-Security-Policy allows loads from %s (%s)" % (source, directive.strip()))
    if state["search"] != "search":
        fail("no <input type=\"search\" id=\"filter-search\">")
    if state["status"] != STATUS_OPTIONS:
        fail("<select id=\"filter-status\"> options are %s, expected %s" % (state["status"], STATUS_OPTIONS))
    for name in ("cluster", "section"):
        if state[name] is None or not state[name] or state[name][0] != "":
            fail("<select id=\"filter-%s\"> is missing or its first option is not \"\" (all)" % name)
    if state["form"] is None or state["form"]["tag"] != "FORM":
        fail("no <form id=\"filters\">")
    if state["count"] is None or state["count"]["tag"] != "P":
        fail("no <p id=\"filter-count\">")
    if state["sections"] == 0:
        fail("no <section class=\"benchmark\">")
    if not state["checks"]:
        fail("no <article class=\"check\">")
    for i, c in enumerate(state["checks"]):
        statuses = (c["statuses"] or "").split()
        if not c["section"] or not statuses or not (c["clusters"] or "").split() or \
                not set(statuses) <= set(STATUS_OPTIONS[1:]):
            fail("check %d (%s) lacks data-section, data-statuses or data-clusters, or names an unknown status"
                 % (i + 1, " ".join(c["text"].split())[:60]))


def wait_for_state(devtools, accept, seconds=3):
    """Polls the page until `accept(state)` holds (filters may debounce) and returns the last state."""
    state = devtools.evaluate(STATE_JS)
    until = time.monotonic() + seconds
    while not accept(state) and time.monotonic() < until:
        devtools.pump(0.1)
        state = devtools.evaluate(STATE_JS)
    return state


def type_text(devtools, text):
    for ch in text:
        devtools.call("Input.dispatchKeyEvent", {"type": "keyDown", "text": ch, "unmodifiedText": ch, "key": ch})
        devtools.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})


def erase_text(devtools, length):
    for _ in range(length):
        for kind in ("rawKeyDown", "keyUp"):
            devtools.call("Input.dispatchKeyEvent", {"type": kind, "key": "Backspace", "code": "Backspace",
                                                     "windowsVirtualKeyCode": 8, "nativeVirtualKeyCode": 8})


def choose(devtools, select_id, value):
    # What a reader's choice in a <select> fires: the new value, then input and change.
    devtools.evaluate("""(() => { const el = document.getElementById(%s); el.value = %s;
        el.dispatchEvent(new Event("input", {bubbles: true}));
        el.dispatchEvent(new Event("change", {bubbles: true})); })()""" % (json.dumps(select_id), json.dumps(value)))


def check_filter(devtools, fail, what, initial, expected, allowed=None, min_shown=0):
    """After a filter is applied: the checks shown hold `expected`, lie within `allowed` (default:
    exactly `expected`) and number at least `min_shown`; the others carry `hidden`; the count agrees."""
    allowed = set(expected if allowed is None else allowed)
    expected = set(expected)

    def accept(state):
        visible = set(shown(state))
        return expected <= visible <= allowed and len(visible) >= min_shown and count_says(state, len(visible))

    def names(indices):
        return ", ".join(" ".join(checks[i]["text"].split())[:40] for i in sorted(indices)[:3])

    state = wait_for_state(devtools, accept)
    visible = set(shown(state))
    checks = state["checks"]
    if len(visible) < min_shown:
        fail("%s: %d check(s) shown, expected at least %d" % (what, len(visible), min_shown))
    if not visible <= allowed:
        fail("%s: %d check(s) stay visible that should be hidden: %s" % (what, len(visible - allowed),
                                                                          names(visible - allowed)))
    if not expected <= visible:
        fail("%s: %d check(s) hidden that should be shown: %s" % (what, len(expected - visible),
                                                                   names(expected - visible)))
    lacking = [i for i in range(len(checks)) if i not in allowed and i not in visible and not checks[i]["hidden"]]
    if lacking:
        fail("%s: %d filtered-out check(s) have no hidden attribute: %s" % (what, len(lacking), names(lacking)))
    if not count_says(state, len(visible)):
        fail("%s: #filter-count says \"%s\" while %d check(s) are shown" % (what, state["count"]["text"],
                                                                             len(visible)))
    elif len(visible) != len(checks) and state["count"]["text"] == initial["count"]["text"]:
        fail("%s: #filter-count still says \"%s\"" % (what, initial["count"]["text"]))
    return state


def check_filters(devtools, fail, search_term):
    def everything(state):
        return len(shown(state)) == len(state["checks"])

    initial = wait_for_state(devtools, everything)
    check_contract(initial, fail)
    checks = initial["checks"]
    if not checks or initial["form"] is None or initial["count"] is None:
        return
    if not initial["form"]["rendered"]:
        fail("the filter form stays hidden with scripts enabled")
    if not everything(initial):
        fail("before any filter, %d of %d checks are shown" % (len(shown(initial)), len(checks)))
    if not count_says(initial, len(checks)):
        fail("before any filter, #filter-count says \"%s\" for %d checks" % (initial["count"]["text"], len(checks)))
    if search_term is None:
        match = re.search(r"\d+(\.\d+)+", checks[0]["text"])
        search_term = match.group(0) if match else checks[0]["text"].split()[0]
    if initial["search"] == "search":
        matching = [i for i, c in enumerate(checks) if search_term.lower() in c["text"].lower()]
        if not matching:
            fail("no check's text holds the search term \"%s\"" % search_term)
        devtools.evaluate('document.getElementById("filter-search").focus()')
        type_text(devtools, search_term)
        # A search may look at ids and titles only: every shown check must match, and one at least.
        state = check_filter(devtools, fail, "search \"%s\"" % search_term, initial, [], matching, min_shown=1)
        erase_text(devtools, len(search_term))
        check_filter(devtools, fail, "search cleared", state, range(len(checks)))
    filters = [("filter-status", "FAIL", lambda c, v: v in c["statuses"].split(), None)]
    if initial["cluster"] and len(initial["cluster"]) > 1:
        filters.append(("filter-cluster", initial["cluster"][1], lambda c, v: v in c["clusters"].split(), None))
    if initial["section"] and len(initial["section"]) > 1:
        # A section option may be a whole section ("4") or a subsection ("4.2").
        filters.append(("filter-section", initial["section"][1], lambda c, v: c["section"] == v,
                        lambda c, v: c["section"] == v or c["section"].startswith(v + ".")))
    for select_id, value, holds, may_hold in filters:
        if select_id == "filter-status" and initial["status"] != STATUS_OPTIONS:
            continue  # already reported by the contract check
        expected = [i for i, c in enumerate(checks) if holds(c, value)]
        allowed = [i for i, c in enumerate(checks) if (may_hold or holds)(c, value)]
        choose(devtools, select_id, value)
        check_filter(devtools, fail, "%s = %s" % (select_id, value), initial, expected, allowed)
        choose(devtools, select_id, "")
        check_filter(devtools, fail, "%s reset to all" % select_id, initial, range(len(checks)))


def check_without_scripts(devtools, fail):
    state = devtools.evaluate(STATE_JS)
    hidden = [c for c in state["checks"] if not c["rendered"] or c["hidden"]]
    if not state["checks"]:
        fail("without scripts: no <article class=\"check\">")
    elif hidden:
        fail("without scripts: %d of %d checks are hidden" % (len(hidden), len(state["checks"])))
    if state["form"] is not None and state["form"]["rendered"]:
        fail("without scripts: the filter form is shown, though it cannot work")


def check_print_css(devtools, fail):
    devtools.call("Emulation.setEmulatedMedia", {"media": "print"})
    breaks = devtools.evaluate("""Array.from(document.querySelectorAll("section.benchmark"))
        .map((s) => getComputedStyle(s).breakBefore)""")
    devtools.call("Emulation.setEmulatedMedia", {"media": ""})
    for i, value in enumerate(breaks[1:], start=2):
        if value not in ("page", "always", "left", "right", "recto", "verso"):
            fail("print: benchmark section %d does not start a new page (break-before: %s)" % (i, value))
    return len(breaks)


def png_size(data):
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def pdf_pages(path):
    out = subprocess.run([PDFINFO, path], capture_output=True, text=True, timeout=20)
    match = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(match.group(1)) if out.returncode == 0 and match else None


def navigate(devtools, problems, url):
    problems.load_fired = False
    result = devtools.call("Page.navigate", {"url": url})
    if result.get("errorText"):
        raise DevToolsError("opening %s: %s" % (url, result["errorText"]))
    if not devtools.pump(15, lambda: problems.load_fired):
        raise Timeout("the page did not finish loading")
    devtools.pump(0.5)  # late console messages, timers started on load


def run(args, work_dir, fail):
    report = Path(args.report).resolve()
    url = report.as_uri()
    deadline = time.monotonic() + TIME_LIMIT_S
    chromium = Chromium(work_dir)
    devtools = None
    try:
        devtools = DevTools(chromium.start(deadline), deadline)
        target = devtools.call("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        devtools.session = devtools.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                         browser=True)["sessionId"]
        problems = Problems(url)
        devtools.listeners.append(problems)
        for domain in ("Page", "Runtime", "Log", "Network"):
            devtools.call(domain + ".enable")
        devtools.call("Emulation.setDeviceMetricsOverride", {"width": VIEWPORT[0], "height": VIEWPORT[1],
                                                             "deviceScaleFactor": 1, "mobile": False})
        navigate(devtools, problems, url)
        check_filters(devtools, fail, args.search_term)

        devtools.call("Emulation.setScriptExecutionDisabled", {"value": True})
        navigate(devtools, problems, url)
        check_without_scripts(devtools, fail)
        devtools.call("Emulation.setScriptExecutionDisabled", {"value": False})

        navigate(devtools, problems, url)
        sections = check_print_css(devtools, fail)
        # The screenshot shows the first summary (banner, table, charts), the part a reader looks at first.
        devtools.evaluate("(function () { var s = document.querySelector('section.benchmark');"
                          " if (s) s.scrollIntoView(); return true; })()")
        devtools.pump(0.2)
        shot = base64.b64decode(devtools.call("Page.captureScreenshot", {"format": "png"})["data"])
        pdf = base64.b64decode(devtools.call("Page.printToPDF", {
            "paperWidth": A4_INCHES[0], "paperHeight": A4_INCHES[1], "printBackground": True})["data"])
        devtools.pump(0.3)
        for line in problems.lines:
            fail(line)
    finally:
        if devtools is not None:
            devtools.close()
        chromium.close()
    return check_outputs(args, work_dir, fail, shot, pdf, sections)


def check_outputs(args, work_dir, fail, shot, pdf, sections):
    png_path = args.screenshot or os.path.join(work_dir, "screenshot.png")
    pdf_path = args.pdf or os.path.join(work_dir, "report.pdf")
    Path(png_path).write_bytes(shot)
    Path(pdf_path).write_bytes(pdf)
    if png_size(shot) != VIEWPORT:
        fail("screenshot %s: %d bytes, size %s, expected a PNG of %dx%d"
             % (png_path, len(shot), png_size(shot), *VIEWPORT))
    pages = pdf_pages(pdf_path) if pdf.startswith(b"%PDF-") else None
    if pages is None:
        fail("PDF %s: %d bytes that pdfinfo cannot read" % (pdf_path, len(pdf)))
    elif pages < args.min_pages:
        fail("PDF %s: %d page(s), expected at least %d" % (pdf_path, pages, args.min_pages))
    elif pages < sections:
        fail("PDF %s: %d page(s) for %d benchmark sections that each start a page" % (pdf_path, pages, sections))
    return pages


def missing_tools():
    missing = []
    if websocket is None or not hasattr(websocket, "create_connection"):
        missing.append("python3-websocket (for /usr/bin/python3)")
    if not os.access(CHROMIUM, os.X_OK):
        missing.append("chromium (" + CHROMIUM + ")")
    if not os.access(PDFINFO, os.X_OK):
        missing.append("poppler-utils (" + PDFINFO + ")")
    return missing


def on_alarm(signum, frame):
    raise Timeout("the %d s time limit ran out" % TIME_LIMIT_S)


def main():
    parser = argparse.ArgumentParser(description="Check an HTML report in headless Chromium.")
    parser.add_argument("report", help="the HTML file")
    parser.add_argument("--screenshot", metavar="PATH", help="keep the PNG of the first summary here")
    parser.add_argument("--pdf", metavar="PATH", help="keep the printed PDF (A4) here")
    parser.add_argument("--min-pages", metavar="N", type=int, default=1, help="the PDF has at least N pages")
    parser.add_argument("--search-term", metavar="TERM",
                        help="typed into the search (default: the first check's id)")
    args = parser.parse_args()
    name = "check_html_report"
    missing = missing_tools()
    if missing:
        print("%s: missing %s: %s" % (name, ", ".join(missing), INSTALL_HINT))
        return 1
    if not os.path.isfile(args.report):
        print("%s: %s: no such file" % (name, args.report))
        return 1
    failures = []
    fail = failures.append
    # A backstop for a call that blocks past every deadline; DevTools calls time out on their own first.
    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    signal.alarm(TIME_LIMIT_S + 15)
    work_dir = tempfile.mkdtemp(prefix="kubeproof-browser-")
    pages = None
    try:
        pages = run(args, work_dir, fail)
    except (Timeout, DevToolsError, OSError, websocket.WebSocketException) as error:
        fail("%s: %s" % (type(error).__name__, error))
    finally:
        signal.alarm(0)
        shutil.rmtree(work_dir, ignore_errors=True)
    for line in failures:
        print("%s: %s: %s" % (name, args.report, line))
    if not failures:
        print("%s: %s: ok (no console message, no request, filters work, PDF of %s pages)" % (name, args.report, pages))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
