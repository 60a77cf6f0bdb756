"""`newssearch serve`: the real server on a loopback port, driven over HTTP and (when Debian's
chromium and chromium-driver are installed) by a real browser through Selenium."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from html import escape
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from newssearch.cli import main

from .conftest import page

pytest.importorskip("starlette", reason="the web extras are not installed: pip install -e '.[serve]'")

SOURCES = ["Daily Planet", "Gotham Gazette", "Metro News"]
AUTHORS = ["Lois Lane", "Clark Kent", "Vicki Vale"]
XSS = "<script>alert(1)</script>"
FILLER = ("tide pier cargo crane dock quay buoy pilot tug gale wind rain flood wave "
          "mayor council budget school road bridge rail bus market price wage farm mill").split()


def _write_news(folder: Path) -> None:
    folder.mkdir()
    for i in range(36):
        body = [
            f"The harbour authority said storm number {i} closed the port for a day.",
            f"Fishing boats stayed in the harbour while crews repaired the sea wall, report {i}.",
            # Each report its own story (else they fold together as versions of one):
            " ".join(random.Random(i).choices(FILLER, k=40)).capitalize() + ".",
        ]
        html = page(
            f"Harbour storm report {i}", body, site=SOURCES[i % 3], author=AUTHORS[i % 3],
            date=f"{2019 + i % 3}-0{1 + i % 9}-1{i % 10}T08:00:00Z", url=f"https://news.example.org/harbour/{i}",
            section=["World", "Local"][i % 2],
        )
        (folder / f"harbour-{i:02d}.html").write_text(html)
    shown = escape(XSS)  # the page shows the text "<script>..." (as a story about XSS would)
    (folder / "xss.html").write_text(page(
        f"{shown} Lighthouse keeper retires", [f"The keeper wrote {shown} on the lighthouse wall.", "Then he left."],
        url="javascript:alert(2)",
    ))
    (folder / "plain.txt").write_text("Ferry timetable changes\n\nThe ferry will sail at noon from Monday.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A real `newssearch serve` process on a free loopback port, over a small indexed archive."""
    root = tmp_path_factory.mktemp("site")
    _write_news(root / "news")
    index = root / "index"
    assert CliRunner().invoke(main, ["index", str(root / "news"), "--index", str(index)]).exit_code == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "newssearch", "serve", "--index", str(index), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline()
    match = re.search(r"at (http://\S+/) ", line)
    assert match, (line, proc.stderr.read() if proc.poll() is not None else "")
    yield {"url": match.group(1).rstrip("/"), "index": index, "news": root / "news", "banner": line}
    proc.terminate()
    proc.wait(timeout=10)
    assert "Traceback" not in proc.stderr.read()


def get(url: str, *, method: str = "GET") -> tuple[int, dict[str, str], str]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read().decode()


def test_it_binds_to_loopback_by_default(site):
    assert site["url"].startswith("http://127.0.0.1:")
    assert "38 articles" in site["banner"]
    status, _, body = get(site["url"] + "/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok", "articles": 38}


def test_api_search_matches_the_cli_json(site):
    status, headers, body = get(site["url"] + "/api/search?q=harbour+storm&limit=5&page=2&facet=source,year")
    assert status == 200 and headers["content-type"].startswith("application/json")
    api = json.loads(body)
    r = CliRunner().invoke(main, ["search", "harbour storm", "--index", str(site["index"]), "--limit", "5",
                                  "--page", "2", "--facet", "source", "--facet", "year", "--json"])
    cli = json.loads(r.output)
    api.pop("took_ms"), cli.pop("took_ms")
    assert api == cli and api["total"] == 36 and len(api["hits"]) == 5
    assert {f["value"] for f in api["facets"]["source"]} == set(SOURCES)


def test_api_filters_sort_and_year(site):
    _, _, body = get(site["url"] + "/api/search?q=harbour&source=Metro+News&sort=newest&year=2021&limit=100")
    data = json.loads(body)
    assert data["total"] == len(data["hits"]) > 0
    assert all(h["source"] == "Metro News" and h["published"].startswith("2021") for h in data["hits"])
    dates = [h["published"] for h in data["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_api_histogram(site):
    _, _, body = get(site["url"] + "/api/search?q=harbour&histogram=year&limit=1")
    assert json.loads(body)["histogram"] == [{"period": y, "count": 12} for y in ("2019", "2020", "2021")]


@pytest.mark.parametrize("query", ["q=published:>banana", "q=x&histogram=week", "q=x&page=zero", "q=x&sort=sideways", "q=x&facet=colour",
                                   "q=published:[2021-13-45+TO+*]", "q=x&limit=100000"])
def test_api_bad_requests_are_json_400s(site, query):
    status, headers, body = get(site["url"] + "/api/search?" + query)
    assert status == 400 and headers["content-type"].startswith("application/json")
    error = json.loads(body)
    assert error["status"] == 400 and error["error"] and "Traceback" not in body


def test_api_article_stats_and_unknown_ids(site):
    _, _, body = get(site["url"] + "/api/search?q=ferry")
    hit = json.loads(body)["hits"][0]
    status, _, body = get(site["url"] + "/api/articles/" + quote(hit["id"], safe=""))
    assert status == 200 and json.loads(body)["body"].startswith("The ferry will sail")
    web_id = "https://news.example.org/harbour/7"
    status, _, body = get(site["url"] + "/api/articles/" + quote(web_id, safe=""))
    assert status == 200 and json.loads(body)["title"] == "Harbour storm report 7"
    for bad in ("nope", "..%2F..%2F..%2Fetc%2Fpasswd", "../../../../etc/passwd", "%2Fetc%2Fpasswd"):
        status, headers, body = get(site["url"] + "/api/articles/" + bad)
        assert status == 404 and headers["content-type"].startswith("application/json"), bad
        assert "root:" not in body and json.loads(body)["status"] == 404
    status, _, body = get(site["url"] + "/api/stats")
    stats = json.loads(body)
    assert status == 200 and stats["articles"] == 38 and {s["source"] for s in stats["sources"]} >= set(SOURCES)


def test_similar_stories_and_spelling_on_the_page_and_in_the_api(site):
    web_id = "https://news.example.org/harbour/7"
    status, _, body = get(site["url"] + "/api/similar/" + quote(web_id, safe="") + "?limit=3")
    similar = json.loads(body)
    assert status == 200 and len(similar["hits"]) == 3 and web_id not in {h["id"] for h in similar["hits"]}
    assert all(h["id"].startswith("https://news.example.org/harbour/") for h in similar["hits"])
    status, _, body = get(site["url"] + "/api/similar/nope")
    assert status == 404 and json.loads(body)["status"] == 404
    _, _, html = get(site["url"] + "/articles/" + quote(web_id, safe=""))
    assert 'id="related"' in html and "More like this" in html
    _, _, html = get(site["url"] + "/search?q=habour")  # matches nothing: the correction runs
    assert 'id="corrected"' in html and "<strong>harbour</strong>" in html and 'href="/search?q=habour&amp;autocorrect=0"' in html
    _, _, html = get(site["url"] + "/search?q=habour&autocorrect=0")
    assert 'id="suggestion"' in html and "No results" in html


def test_every_response_has_a_content_security_policy(site):
    for path in ("/", "/search?q=harbour", "/api/search?q=harbour", "/healthz", "/nowhere", "/static/style.css"):
        _, headers, _ = get(site["url"] + path)
        assert "default-src 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"


def test_it_is_read_only(site):
    for method in ("POST", "PUT", "DELETE"):
        for path in ("/api/search?q=x", "/api/articles/nope", "/search?q=x"):
            status, _, _ = get(site["url"] + path, method=method)
            assert status == 405, (method, path)


def test_article_and_query_text_are_escaped(site):
    status, _, html = get(site["url"] + "/search?q=lighthouse")
    assert status == 200
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Lighthouse keeper retires" in html
    assert "<mark>lighthouse</mark>" in html.lower()  # the highlight is markup; the text around it is not
    hit_link = re.search(r'<a class="title" href="([^"]+)"', html).group(1)
    status, _, html = get(site["url"] + hit_link.replace("&amp;", "&"))
    assert status == 200 and XSS not in html and "The keeper wrote &lt;script&gt;alert(1)" in html
    assert "javascript:" not in html  # the article's bogus URL is shown, never linked
    status, _, html = get(site["url"] + "/search?q=" + quote(XSS))
    assert XSS not in html and 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html  # kept in the box
    status, _, html = get(site["url"] + "/search?q=" + quote(f"published:>{XSS}"))  # in an error message
    assert status == 400 and XSS not in html and "cannot read &#39;&lt;script&gt;" in html


def test_search_page_shows_counts_facets_pages_and_errors(site):
    _, _, html = get(site["url"] + "/search?q=harbour")
    assert re.search(r"36 results in [\d.]+ ms", html)
    assert 'href="/search?q=harbour&amp;source=Daily+Planet"' in html
    assert 'rel="next" href="/search?q=harbour&amp;page=2"' in html
    _, _, html = get(site["url"] + "/search?q=zzzqqq")
    assert "No results for <q>zzzqqq</q>" in html
    status, _, html = get(site["url"] + "/search?q=harbour&page=abc")
    assert status == 400 and "page must be a whole number" in html and 'value="harbour"' in html


def test_original_file_is_served_sandboxed(site):
    _, _, body = get(site["url"] + "/api/search?q=lighthouse")
    article_id = json.loads(body)["hits"][0]["id"]
    status, headers, html = get(site["url"] + "/original/" + quote(article_id, safe=""))
    assert status == 200 and "&lt;script&gt;" in html and "<title>" in html  # the file as it is, but:
    assert headers["content-security-policy"].startswith("sandbox") and "script-src" not in headers[
        "content-security-policy"]


def test_serve_errors_are_one_line(tmp_path, index_dir, corpus):
    r = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "missing")])
    assert r.exit_code == 2 and "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1
    CliRunner().invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--index", str(index_dir), "--port", str(port)])
    assert r.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in r.output


def test_several_worker_processes_share_the_port(site):
    proc = subprocess.Popen(
        [sys.executable, "-m", "newssearch", "serve", "--index", str(site["index"]), "--port", "0", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        url = re.search(r"at (http://\S+)/ ", proc.stdout.readline()).group(1)
        for _ in range(3):  # the workers may still be starting: the listening socket queues the request
            status, _, body = get(url + "/api/search?q=ferry")
            assert status == 200 and json.loads(body)["total"] == 1
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "Traceback" not in err


# --- a real browser ------------------------------------------------------------------------

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("browser tests need Debian's chromium and chromium-driver (apt-get install chromium "
                    "chromium-driver); .ci/run installs them")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(20)
    driver.implicitly_wait(5)  # a busy machine may still be loading the page a click or Enter opened
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where screenshots go: $NEWSSEARCH_SCREENSHOTS if set (the README's come from there)."""
    folder = Path(os.environ.get("NEWSSEARCH_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _wait_for_focus(driver, element_id: str, seconds: float = 5.0) -> None:
    """Fail unless the element with this id gets the focus within `seconds` (scripts run after load)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, seconds).until(
        lambda d: d.switch_to.active_element.get_attribute("id") == element_id,
        f"#{element_id} never got the focus",
    )


def test_browser_search_facet_page_and_article(site, browser, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    b = browser
    b.get(site["url"] + "/")
    _wait_for_focus(b, "q")  # focused on load
    b.switch_to.active_element.send_keys("harbour storm", Keys.ENTER)
    assert re.match(r"36 results in [\d.]+ ms", b.find_element(By.ID, "summary").text)
    assert len(b.find_elements(By.CSS_SELECTOR, "li.hit")) == 10
    b.save_screenshot(str(shots / "search.png"))

    facet = b.find_element(By.CSS_SELECTOR, '[data-facet="source"] li a')
    name = facet.text
    count = int(facet.find_element(By.XPATH, "following-sibling::span").text)
    facet.click()
    assert "source=" in b.current_url
    assert b.find_element(By.ID, "summary").text.startswith(f"{count} results")
    assert {e.text for e in b.find_elements(By.CSS_SELECTOR, "li.hit .source")} == {name}
    assert f"source: {name}" in b.find_element(By.CSS_SELECTOR, ".chips").text

    b.find_element(By.CSS_SELECTOR, ".chip").click()  # remove the filter again
    assert "source=" not in b.current_url
    b.find_element(By.CSS_SELECTOR, 'a[rel="next"]').click()
    assert "page=2" in b.current_url
    assert b.find_element(By.CSS_SELECTOR, "ol.hits").get_attribute("start") == "11"
    first = b.find_element(By.CSS_SELECTOR, "li.hit a.title")
    title = first.text
    first.click()
    assert b.find_element(By.TAG_NAME, "h1").text == title
    assert "Fishing boats stayed in the harbour" in b.find_element(By.CSS_SELECTOR, ".body").text
    b.save_screenshot(str(shots / "article.png"))
    b.find_element(By.TAG_NAME, "body").send_keys("/")  # "/" focuses the search box
    _wait_for_focus(b, "q")
    b.find_element(By.CSS_SELECTOR, "a.back").click()
    assert "page=2" in b.current_url and "harbour+storm" in b.current_url


def test_browser_shows_hostile_text_as_text(site, browser):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    b = browser
    b.get(site["url"] + "/search?q=lighthouse")
    title = b.find_element(By.CSS_SELECTOR, "li.hit a.title")
    assert title.text == f"{XSS} Lighthouse keeper retires"
    title.click()
    assert XSS in b.find_element(By.CSS_SELECTOR, ".body").text
    with pytest.raises(NoAlertPresentException):
        b.switch_to.alert.text  # noqa: B018 - no script ran, so no alert is open


def test_browser_bad_query_and_phone_width(site, browser):
    from selenium.webdriver.common.by import By

    b = browser
    b.get(site["url"] + "/search?q=" + quote("harbour published:>soon"))
    assert "cannot read 'soon' as a date" in b.find_element(By.CSS_SELECTOR, ".error").text
    assert b.find_element(By.ID, "q").get_attribute("value") == "harbour published:>soon"
    b.set_window_size(390, 844)
    try:
        b.get(site["url"] + "/search?q=harbour")
        assert b.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        b.set_window_size(1280, 1000)
