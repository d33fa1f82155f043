"""report.html in a real browser: headless Chromium, driven over the DevTools protocol.

The bundled report's page is made in-process with the pipeline's steps into a temporary folder, opened
from disk in Debian's ``chromium`` (a fresh profile, no network services) and checked as a reader would
find it: no script error or console error, the headline naming the stated total and its share, every
plot loaded, the tables sorting and filtering, a figure's tooltip on keyboard focus, Chinese set in a
font that has it. A full-page screenshot is saved in the temporary folder and copied to
``build/screenshots/report.png`` for a person to look at.

The protocol runs over ``--remote-debugging-pipe`` (file descriptors 3 and 4, messages ending in NUL),
so no websocket library is needed. Without Chromium the test is skipped and says why
(``make test`` installs it first where ``apt-get`` can).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BUNDLED, ROOT, make_report

DOC_ID = "yingquan_minsheng_2016_2020"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--remote-debugging-pipe", "--window-size=1280,1000")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


class DevTools:
    """A Chromium process and one page of it, spoken to over the DevTools protocol on a pipe."""

    def __init__(self, exe: str, profile: Path):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire():  # in the child: the protocol's file descriptors 3 (commands in) and 4 (answers out)
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     preexec_fn=wire, pass_fds=(3, 4))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)

    def _read(self, timeout: float) -> dict:
        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._from_chrome], [], [], timeout)
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium closed the pipe: {self.proc.stderr.read().decode()[-2000:]}")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, session: bool = False, timeout: float = 60, **params) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        end = time.monotonic() + timeout
        while True:
            answer = self._read(max(end - time.monotonic(), 0.01))
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, event: str, timeout: float = 60) -> dict:
        end = time.monotonic() + timeout
        while True:
            for e in self.events:
                if e.get("method") == event:
                    self.events.remove(e)
                    return e
            self.events.append(self._read(max(end - time.monotonic(), 0.01)))

    def js(self, expression: str):
        """The value of ``expression`` in the page (promises awaited); a script error fails the test."""
        out = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True,
                        awaitPromise=True)
        assert "exceptionDetails" not in out, out["exceptionDetails"]
        return out["result"].get("value")

    def errors(self) -> list[str]:
        """Uncaught exceptions, console errors and warnings, and browser log errors seen so far."""
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e.get("method") == "Runtime.exceptionThrown":
                out.append(f"uncaught: {p['exceptionDetails'].get('text')} {p['exceptionDetails'].get('exception', {})}")
            elif e.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                out.append(f"console.{p['type']}: {[a.get('value') for a in p.get('args', [])]}")
            elif e.get("method") == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                out.append(f"log {p['entry']['level']}: {p['entry']['text']} {p['entry'].get('url', '')}")
        return out

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = _chromium()
    if exe is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium; `make test` does it where it can)")
    tmp = tmp_path_factory.mktemp("browser")
    page = make_report(BUNDLED, tmp / DOC_ID, DOC_ID) / "_build" / "report.html"
    chrome = DevTools(exe, tmp / "profile")
    try:
        chrome.call("Page.navigate", session=True, url=page.as_uri())
        chrome.wait_for("Page.loadEventFired")
        chrome.js("document.fonts.ready.then(() => true)")
        yield chrome, tmp
    finally:
        chrome.close()


def test_no_script_or_console_error(browser):
    chrome, _ = browser
    assert chrome.js("document.body.dataset.ready") == "1"  # the page's script ran to its end
    assert chrome.errors() == []


def test_the_headline_names_the_stated_total_and_its_share(browser):
    chrome, _ = browser
    first = chrome.js("document.querySelector('#headline .sentence p.zh').innerText")
    assert first == "2016-2020年，报告所述民生工程累计投入57.93亿元。"
    assert chrome.js("document.querySelector('#headline a[href=\"#F002\"]').innerText") == "57.93亿元"
    second = chrome.js("document.querySelectorAll('#headline .sentence')[1].innerText")
    assert "8.66亿元" in second and "15.0%" in second
    # the total's link leads to its figure in the text
    assert chrome.js("document.getElementById('F002').innerText") == "57.93亿元"


def test_every_plot_has_loaded(browser):
    chrome, _ = browser
    plots = chrome.js("[...document.querySelectorAll('img[data-plot]')].map(i => [i.dataset.ok, i.naturalWidth])")
    assert len(plots) == 4
    assert all(ok == "1" and width > 500 for ok, width in plots), plots


def test_chinese_is_set_in_a_font_that_has_it(browser):
    chrome, _ = browser
    # the embedded font (or the machine's own CJK font) covers the page's Chinese
    assert chrome.js("document.fonts.check('16px \"minsheng CJK\"', '民生工程亿元')") is True
    assert chrome.js("[...document.fonts].some(f => f.family.includes('minsheng CJK') && f.status === 'loaded')")


def test_a_table_sorts_and_filters(browser):
    chrome, _ = browser
    col = "[...document.querySelectorAll('#t-programs thead th')].findIndex(th => th.innerText.startsWith('每受益人（全期）'))"
    values = ("[...document.querySelectorAll('#t-programs tbody tr')].filter(r => !r.hidden)"
              f".map(r => parseFloat(r.cells[{col}].dataset.v))")
    chrome.js(f"document.querySelectorAll('#t-programs thead th')[{col}].querySelector('button').click()")
    up = chrome.js(values)
    assert up == sorted(up) and len(up) == 6 and up[0] == pytest.approx(223.0205)  # 8920.82万元 / 40万人次
    chrome.js(f"document.querySelectorAll('#t-programs thead th')[{col}].querySelector('button').click()")
    assert chrome.js(values) == sorted(up, reverse=True)
    chrome.js("const f = document.querySelector('input[data-filter=\"t-programs\"]'); f.value = '孤儿';"
              "f.dispatchEvent(new Event('input'))")
    assert chrome.js("document.getElementById('n-programs').innerText") == "1 / 6"
    assert chrome.js(values) == [pytest.approx(8325.59706062462)]  # 1359.57万元 / 1633
    chrome.js("const g = document.querySelector('input[data-filter=\"t-programs\"]'); g.value = '';"
              "g.dispatchEvent(new Event('input'))")


def test_a_figure_shows_its_tooltip_on_keyboard_focus(browser):
    chrome, _ = browser
    assert chrome.js("getComputedStyle(document.getElementById('F003'), '::after').content") in ("none", "normal")
    chrome.js("document.getElementById('F003').focus()")
    assert chrome.js("document.activeElement.id") == "F003"
    tip = chrome.js("getComputedStyle(document.getElementById('F003'), '::after').content")
    assert "F003" in tip and "more_than" in tip and "population" in tip


def test_screenshot_for_a_person(browser):
    chrome, tmp = browser
    chrome.call("Page.reload", session=True)  # as a reader opens it: no sort or filter of the tests above
    chrome.wait_for("Page.loadEventFired")
    chrome.js("document.fonts.ready.then(() => true)")
    chrome.js("document.getElementById('F034').focus({preventScroll: true})")  # one tooltip shown, for the reader
    height = int(chrome.call("Page.getLayoutMetrics", session=True)["cssContentSize"]["height"])
    assert height > 3000
    chrome.call("Emulation.setDeviceMetricsOverride", session=True, width=1280, height=min(height, 16000),
                deviceScaleFactor=1, mobile=False)
    png = base64.b64decode(chrome.call("Page.captureScreenshot", session=True, format="png",
                                       captureBeyondViewport=True)["data"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 100_000
    shot = tmp / "report.png"
    shot.write_bytes(png)
    keep = ROOT / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, keep / "report.png")
