"""The chat UI: the renderer's escaping (unit), then headless Chromium against a live server (browser).

The browser tests skip — loudly — when Chromium or Playwright is missing; they never pass silently.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rag.models import Answer, Citation, Clause, Document, Hit
from ui import render

from .live import live_server, open_assistant
from .samples import make_docx, make_pdf, scanned_pdf

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "evals" / "reports" / "ui.png"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_DOC = f"""关于支持测试基地建设的若干措施{SCRIPT}

一、总体要求
加快建设测试基地，推动科技成果转化。{IMG}

二、支持措施
(一)对新认定的市级测试基地给予一次性奖励88万元{SCRIPT}。对测试联盟给予20万元奖励{IMG}。
(二)对测试机构按技术交易额的1%给予补贴，最高100万元。<a href="javascript:window.__pwned=1">点击</a>
"""
HOSTILE_TITLE = f"测试{SCRIPT}文件{IMG}"


# -- the renderer (no browser) ------------------------------------------------------


class FakeSource:
    def __init__(self, text: str) -> None:
        self.doc = Document(doc_id="d", title=HOSTILE_TITLE, path="corpus/x.txt", text=text)

    def document(self, doc_id: str) -> Document:
        return self.doc

    def clause(self, clause_id: str) -> Clause:
        return Clause(clause_id=clause_id, doc_id="d", section_path=[f"一、{SCRIPT}"], text=self.doc.text,
                      start=0, end=len(self.doc.text))


def _hostile_answer(text: str) -> Answer:
    start = text.index("奖励")
    end = text.index("。", start) + 1
    cite = Citation(n=1, clause_id=f"d:C1{SCRIPT}", doc_id="d", doc_title=HOSTILE_TITLE,
                    section_path=[f"一、{SCRIPT}"], quote=text[start:end], start=start, end=end)
    hit = Hit(clause_id="d:C1", doc_id="d", doc_title=HOSTILE_TITLE, section_path=[SCRIPT], text=text, start=0,
              end=len(text), score=1.0)
    return Answer(question=SCRIPT, answer=f"{IMG} 奖励 *88* 万元 {SCRIPT}[1]", answered=True, citations=[cite],
                  hits=[hit])


def test_renderer_escapes_everything():
    text = f"总则{SCRIPT}。给予奖励{IMG}88万元。其他"
    source = FakeSource(text)
    answer = _hostile_answer(text)
    for html in (render.sources_html(answer, source, 1), render.answer_markdown(answer, 1),
                 render.sources_html(answer.model_copy(update={"answered": False, "answer": "no",
                                                               "citations": []}), source, 1)):
        assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace("&", "")
        assert "&lt;script&gt;" in html
    panel = render.sources_html(answer, source, 1)
    quote = render.esc(answer.citations[0].quote)
    assert f'<mark id="src-1-1" class="quote"><span class="qn">1</span>{quote}</mark>' in panel
    assert render.esc(text.replace(answer.citations[0].quote, "")) in panel.replace(
        f'<mark id="src-1-1" class="quote"><span class="qn">1</span>{quote}</mark>', "")
    md = render.answer_markdown(answer, 7)
    assert '<a class="fn" href="#src-7-1" title="source 1">[1]</a>' in md
    assert r"\*88\*" in md  # Markdown syntax in document text shows literally


def test_abstention_is_marked():
    answer = Answer(question="q", answer="这些文件没有回答这个问题。", answered=False)
    assert render.ABSTAIN_BADGE in render.answer_markdown(answer, 1)
    assert 'class="abstain"' in render.sources_html(answer, FakeSource("x"), 1)


def test_reveal_steps_never_split_a_marker():
    prose = "落实科技成果转化所获收益可按70%及以上比例用于奖励。[1] 高等学校、科研院所，可按有关规定获得现金奖励[2][3]。" * 3
    steps = render.reveal_steps(prose)
    assert steps[-1] == prose and 1 < len(steps) <= 13
    for s in steps:
        assert prose.startswith(s) and not re.search(r"\[\d*$", s)


# -- the browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"BROWSER TESTS NOT RUN: {CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("BROWSER TESTS NOT RUN: the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def feedback_path(tmp_path_factory):
    return tmp_path_factory.mktemp("feedback") / "feedback.jsonl"


@pytest.fixture(scope="module")
def ui_url(feedback_path):
    from rag.api import create_app
    from rag.feedback import FeedbackLog

    assistant = open_assistant()
    assistant.feedback_log = FeedbackLog(feedback_path)  # the UI's 👍/👎 never write into the repository
    with live_server(create_app(assistant.settings, assistant)) as base:
        yield f"{base}/ui/"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    """A one-document corpus full of markup, indexed for real (a few seconds)."""
    import json

    from rag.api import create_app
    from rag.config import Settings

    root = tmp_path_factory.mktemp("hostile")
    (root / "corpus").mkdir()
    (root / "corpus" / "hostile.txt").write_text(HOSTILE_DOC, encoding="utf-8")
    manifest = {"documents": [{"doc_id": "hostile-doc", "file": "hostile.txt", "title": HOSTILE_TITLE}]}
    (root / "corpus" / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assistant = open_assistant(Settings(root=root))
    with live_server(create_app(assistant.settings, assistant)) as base:
        yield f"{base}/ui/"


def expect(locator):
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def _open(browser, url: str, viewport: dict | None = None):
    page = browser.new_page(viewport=viewport or {"width": 1400, "height": 980})
    page.console_log = []
    page.on("console", lambda m: page.console_log.append(f"{m.type}: {m.text}"))
    page.add_init_script("window.__pwned = undefined; window.alert = () => { window.__pwned = 'alert'; };")
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=30_000)
    return page


def _ask(page, question: str | None = None) -> None:
    if question is not None:
        page.fill("#question textarea", question)
    before = page.locator('#chat [data-testid="bot"]').count()
    page.click("#ask")
    try:  # a new answer, fully streamed, and its sources
        page.wait_for_function(
            """n => { const bots = document.querySelectorAll('#chat [data-testid="bot"]');
                      if (bots.length <= n) return false;
                      const last = bots[bots.length - 1].innerText;
                      return !last.includes('▌') && !last.includes('Searching the documents'); }""",
            arg=before, timeout=30_000)
        page.wait_for_selector("#sources .src-card, #sources .abstain", timeout=5_000)
    except Exception as e:
        chat = page.locator("#chat").inner_text()
        sources = page.locator("#sources").inner_text()
        raise AssertionError(f"no answer in the page; chat: {chat!r}; sources: {sources!r}; "
                             f"console: {getattr(page, 'console_log', [])}") from e


def _last_bot_message(page):
    return page.locator('#chat [data-testid="bot"]').last


@pytest.mark.browser
def test_ask_in_the_browser(browser, ui_url):
    page = _open(browser, ui_url)
    _ask(page, "科研人员转化成果能拿多少奖励")
    bot = _last_bot_message(page)
    assert "70%" in bot.inner_text()
    markers = bot.locator("a.fn")
    assert markers.count() >= 1
    sources = page.locator("#sources")
    assert "北京市促进科技成果转移转化行动方案" in sources.inner_text()
    quote = sources.locator("mark.quote").first
    assert "70%" in quote.inner_text()
    assert "重點任務" in sources.locator(".src-path").first.inner_text()
    # the clause around the quote is shown too, not only the quote
    card = sources.locator(".src-card").first.inner_text()
    assert len(card) > len(quote.inner_text()) + 20
    # a footnote marker jumps to (and flashes) its quote in the sources panel
    markers.first.click()
    page.wait_for_selector("#sources mark.flash", timeout=5_000)
    assert page.url.rstrip("/").endswith("/ui")  # the link did not navigate away
    page.wait_for_timeout(1_700)  # let the flash fade for a clean screenshot
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert page.evaluate("window.__pwned") is None
    page.close()


@pytest.mark.browser
def test_follow_up_keeps_earlier_markers_working(browser, ui_url, feedback_path):
    page = _open(browser, ui_url)
    _ask(page, "海淀区的创新基金规模是多少？")
    assert "1000亿" in _last_bot_message(page).inner_text()
    _ask(page, "那廊坊呢？")
    second = _last_bot_message(page).inner_text()
    assert "理解为：廊坊" in second and "200亿" in second
    # the latest answer's sources are open on top; the first answer's are folded below
    expect(page.locator("#sources details.turn").first).to_have_attribute("open", "")
    assert page.locator("#sources details.turn").count() == 2
    # the first answer's marker still leads to its own quote, unfolding its sources
    page.locator('#chat [data-testid="bot"]').first.locator("a.fn").first.click()
    page.wait_for_selector("#sources mark.flash", timeout=5_000)
    assert "1000亿" in page.locator("#sources mark.flash").inner_text()
    # 👎 on the second answer is logged with the question it was understood as
    page.locator('#chat [data-testid="bot"]').last.hover()
    page.locator('#chat button[aria-label="Dislike"]').last.click()
    page.wait_for_timeout(1_500)
    entries = [json.loads(x) for x in feedback_path.read_text(encoding="utf-8").splitlines()]
    assert entries[-1]["rating"] == -1 and entries[-1]["question"] == "那廊坊呢？"
    assert entries[-1]["resolved_question"].startswith("廊坊")
    page.close()


@pytest.mark.browser
def test_phone_layout(browser, ui_url):
    page = _open(browser, ui_url, {"width": 390, "height": 844})
    ask = page.locator("#ask").bounding_box()
    assert ask and ask["x"] + ask["width"] <= 390  # on the screen
    lines = page.evaluate("""() => { const r = document.createRange();
                                    r.selectNodeContents(document.querySelector('#ask'));
                                    return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; }""")
    assert lines == 1  # its label does not wrap
    _ask(page, "科研人员转化成果能拿多少奖励")
    _ask(page, "廊坊给新认定的市级协同创新基地多少奖励")
    # each answer links to its own sources: the latest's are reached without scrolling through the chat
    page.locator("#chat a.to-src").last.click()
    page.wait_for_timeout(800)
    card = page.locator("#sources details.turn[open] .src-card").first.bounding_box()
    assert card and 0 <= card["y"] < 844, card
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # no sideways scrolling
    page.close()


@pytest.mark.browser
def test_example_and_abstention(browser, ui_url):
    page = _open(browser, ui_url)
    page.get_by_text("廊坊给新认定的市级协同创新基地多少奖励").first.click()
    expect(page.locator("#question textarea")).to_have_value("廊坊给新认定的市级协同创新基地多少奖励", timeout=10_000)
    _ask(page)
    assert "10万元" in _last_bot_message(page).inner_text()
    _ask(page, "火星移民的住房补贴标准是多少？")
    expect(page.locator("#sources .abstain")).to_contain_text("Not in the documents", timeout=10_000)
    assert _last_bot_message(page).locator(".abstain-badge").count() == 1
    assert page.locator('#chat [data-testid="bot"]').count() == 2
    page.screenshot(path=str(SCREENSHOT.with_name("ui-abstain.png")), full_page=True)
    page.close()


@pytest.mark.browser
def test_document_filter(browser, ui_url):
    page = _open(browser, ui_url)
    page.get_by_text("Filter and options").click()
    page.locator("#doc-filter input").click()
    page.get_by_role("option", name=re.compile("关于加快协同创新共同体建设")).click()
    page.keyboard.press("Escape")
    _ask(page, "奖励多少")
    titles = page.locator("#sources .src-title").all_inner_texts()
    assert titles and all(t.startswith("关于加快协同创新共同体建设") for t in titles), titles
    page.close()


@pytest.mark.browser
def test_issuer_kind_and_date_filters(browser, ui_url):
    page = _open(browser, ui_url)
    try:
        page.get_by_text("Filter and options").click()
        page.locator("#kind-filter input").click()
        page.get_by_role("option", name="方案", exact=True).click()
        page.keyboard.press("Escape")
        _ask(page, "奖励多少")
        titles = page.locator("#sources .src-title").all_inner_texts()
        assert titles and set(titles) == {"北京市促进科技成果转移转化行动方案"}, titles
        page.locator("#date-from input, #date-from textarea").first.fill("2030")
        page.fill("#question textarea", "奖励多少")
        page.click("#ask")  # no document was issued from 2030: said so, nothing answered
        expect(_last_bot_message(page)).to_contain_text("no document matches the filters", timeout=30_000)
        page.locator("#date-from input, #date-from textarea").first.fill("2016年")
        page.fill("#question textarea", "奖励多少")
        page.click("#ask")
        expect(_last_bot_message(page)).to_contain_text("YYYY-MM-DD", timeout=30_000)
        assert page.evaluate("window.__pwned") is None
    finally:
        page.close()


@pytest.mark.browser
def test_a_source_card_opens_its_document_with_the_clause_highlighted(browser, ui_url):
    page = _open(browser, ui_url)
    try:
        _ask(page, "科研人员转化成果能拿多少奖励")
        link = page.locator("#sources .src-card a.src-open").first
        quote = page.locator("#sources mark.quote").first.inner_text()
        with page.context.expect_page() as opened:
            link.click()
        view = opened.value
        view.wait_for_load_state("domcontentloaded")
        assert "?clause=" in view.url
        focus = view.locator("#doc-view mark.doc-focus")
        expect(focus).to_be_visible(timeout=30_000)
        expect(focus).to_be_in_viewport(timeout=10_000)  # scrolled to, in a document of thousands of characters
        assert quote.lstrip("0123456789") in focus.inner_text()  # (the quote's marker number aside)
        expect(view.locator("#doc-view .doc-title")).to_contain_text("北京市促进科技成果转移转化行动方案")
        assert len(view.locator("#doc-view .doc-text").inner_text()) > 5 * len(focus.inner_text())
        expect(view.locator("#doc-view-pick input")).to_have_value(re.compile("北京市促进科技成果转移转化行动方案"))
        view.close()
    finally:
        page.close()


@pytest.mark.browser
def test_hostile_document_renders_as_text(browser, hostile_url):
    page = _open(browser, hostile_url)
    _ask(page, "新认定的市级测试基地奖励多少")  # answered: the cited clause (with its markup) in the panel
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None, "markup from a document was executed"
    sources = page.locator("#sources").inner_text()
    assert "88万元" in sources and SCRIPT in sources, sources  # shown literally, as text
    if page.locator("#sources mark.quote").count():
        assert SCRIPT in page.locator("#sources mark.quote").first.inner_text()
    assert SCRIPT in _last_bot_message(page).inner_text()
    _ask(page, f"{IMG} 测试基地奖励多少")  # markup in the question itself
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None, "markup from the question was executed"
    assert IMG in page.locator('#chat [data-testid="user"]').last.inner_text()
    assert page.locator("#chat img[src='x'], #sources img, #sources script, #chat a[href^='javascript']").count() == 0
    page.close()


@pytest.mark.parametrize(("path", "shown"), [("docs", "#operations-default-ask_v1_ask_post, .opblock"),
                                             ("redoc", "[data-section-id], .api-content")])
def test_api_docs_work_offline(browser, ui_url, path, shown):
    """/docs and /redoc load every script and style from this server: with all other hosts blocked the
    route list still renders, and nothing but an image was asked of another host."""
    base = ui_url.removesuffix("/ui/")
    page = browser.new_page()
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(base):
            return route.continue_()
        if route.request.resource_type != "image":  # (ReDoc's "powered by" logo comes from its CDN: cosmetic)
            outside.append(route.request.url)
        return route.abort()

    page.route("**/*", only_local)
    try:
        page.goto(f"{base}/{path}", wait_until="domcontentloaded")
        page.wait_for_selector(shown, timeout=30_000)
        assert "/v1/ask" in page.content()
        assert outside == []
    finally:
        page.close()


@pytest.fixture(scope="module")
def library_url(tmp_path_factory):
    """A small project of its own whose library the Documents tab may change (uploads allowed)."""
    from rag.api import create_app
    from rag.config import Settings

    root = tmp_path_factory.mktemp("library")
    (root / "corpus").mkdir()
    (root / "corpus" / "base.txt").write_text("某某市孵化器支持办法\n一、对新认定的孵化器给予一次性奖励50万元。\n",
                                              encoding="utf-8")
    assistant = open_assistant(Settings(root=root, allow_uploads=True))
    with live_server(create_app(assistant.settings, assistant)) as base:
        yield f"{base}/ui/"


def test_documents_tab_uploads_lists_and_removes(browser, library_url, tmp_path):
    notice = tmp_path / "deep-sea-notice.txt"
    notice.write_text("深海装备首台套保险补偿通知\n一、对深海探测装备首台套给予保费百分之八十的补偿。\n", encoding="utf-8")
    page = _open(browser, library_url)
    try:
        page.get_by_role("tab", name="Documents · 文件").click()
        table = page.locator("#doc-table")
        expect(table).to_contain_text("某某市孵化器支持办法", timeout=30_000)
        page.locator("#doc-upload input[type=file]").set_input_files(str(notice))
        expect(page.locator("#doc-upload-status")).to_contain_text("searchable", timeout=180_000)
        expect(table).to_contain_text("deep-sea-notice", timeout=30_000)
        page.locator("#doc-remove-id textarea, #doc-remove-id input").first.fill("deep-sea-notice")
        page.locator("#doc-remove").click()
        expect(page.locator("#doc-remove-status")).to_contain_text("Press Confirm", timeout=30_000)
        page.locator("#doc-remove-confirm").click()
        expect(page.locator("#doc-remove-status")).to_contain_text("searchable", timeout=180_000)
        expect(table).not_to_contain_text("deep-sea-notice", timeout=30_000)
        expect(table).to_contain_text("某某市孵化器支持办法")
    finally:
        page.close()


@pytest.mark.browser
def test_pdf_docx_and_scan_upload_in_the_ui_and_answers_cite_their_pages(browser, library_url, tmp_path):
    pytest.importorskip("rapidocr_onnxruntime")
    files = {"measures.docx": make_docx(), "notice.pdf": make_pdf(),
             "deep-sea.pdf": scanned_pdf(["深海探测装备首台套保险补偿办法", "一、对首台套深海探测装备给予保费百分之八十的补偿。"])}
    page = _open(browser, library_url)
    try:
        page.get_by_role("tab", name="Documents · 文件").click()
        for name, data in files.items():
            (tmp_path / name).write_bytes(data)
            page.locator("#doc-upload input[type=file]").set_input_files(str(tmp_path / name))
            expect(page.locator("#doc-upload-status")).to_contain_text(f"{name} ({Path(name).stem}): searchable",
                                                                         timeout=180_000)
        expect(page.locator("#doc-table")).to_contain_text("deep-sea", timeout=30_000)
        page.get_by_role("tab", name="Chat · 问答").click()
        for question, value, where in (("首台套深海探测装备的保费补偿比例是多少?", "百分之八十", "p. 1"),
                                       ("对新认定的市级工程技术研究中心奖励多少?", "10万元", "p. 2"),
                                       ("对高层次人才给予什么补贴?", "安家补贴", None)):
            _ask(page, question)
            card = page.locator("#sources details.turn[open] .src-card").filter(has_text=value)
            expect(card.first).to_be_visible(timeout=10_000)
            if where:
                assert where in card.first.locator(".src-path").inner_text()
            else:  # a Word file has no pages
                assert "p. " not in card.first.locator(".src-path").inner_text()
        page.get_by_role("tab", name="Documents · 文件").click()
        page.locator("#doc-remove-id textarea, #doc-remove-id input").first.fill("deep-sea")
        page.locator("#doc-remove").click()
        page.locator("#doc-remove-confirm").click()
        expect(page.locator("#doc-remove-status")).to_contain_text("searchable", timeout=180_000)
        expect(page.locator("#doc-table")).not_to_contain_text("deep-sea", timeout=30_000)
        assert page.evaluate("window.__pwned") is None
    finally:
        page.close()
