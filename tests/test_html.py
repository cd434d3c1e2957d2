"""HTML to text: what a reader sees is indexed, nothing hidden; entities decoded once; missing
optional tags (</head>, <head>, <body>, </p>) lose no text."""

from __future__ import annotations

import pytest

from rag.corpus import html_to_text


@pytest.mark.parametrize(
    "hidden",
    [
        '<div style="display:none">SECRET</div>',
        '<div style="color: red; DISPLAY : None !important">SECRET</div>',
        '<span style="visibility:hidden">SECRET</span>',
        "<p hidden>SECRET</p>",
        '<p hidden="hidden">SECRET</p>',
        '<div aria-hidden="true"><p>SECRET</p><br><p>SECRET too</p></div>',
        "<template><p>SECRET</p></template>",
        "<script>var a = '<p>SECRET</p>';</script>",
        "<style>p::after { content: 'SECRET' }</style>",
        "<noscript>SECRET</noscript>",
        "<div hidden><ul><li>SECRET<li>SECRET<div><img src=x>SECRET</div></ul></div>",
    ],
)
def test_hidden_elements_are_not_text(hidden):
    text = html_to_text(f"<html><body><p>可见的第一段。</p>{hidden}<p>可见的第二段。</p></body></html>")
    assert "SECRET" not in text
    assert text == "可见的第一段。\n可见的第二段。\n"


def test_visible_elements_with_harmless_attributes_are_kept():
    markup = ('<p style="display:block">一、总则</p><p aria-hidden="false">内容。</p>'
              '<p style="font-family: none-such">第二条</p><input type="hidden" value="x">尾。')
    assert html_to_text(markup) == "一、总则\n内容。\n第二条\n尾。\n"


def test_entities_are_decoded_once():
    text = html_to_text("<p>&amp;lt;b&amp;gt; 与 &lt;b&gt; 与 &amp;amp; 与 &#x4e2d; 与 &amp;#x4e2d;</p>")
    assert text == "&lt;b&gt; 与 <b> 与 &amp; 与 中 与 &#x4e2d;\n"


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>标题</title><meta charset=utf-8><body><p>一、总则</p><p>正文内容。</p></body></html>",
        "<!doctype html><title>标题</title><p>一、总则<p>正文内容。",
        "<p>一、总则</p>\n<p>正文内容。",
        "<html><head><meta charset=utf-8><link rel=stylesheet href=a.css></head><p>一、总则<p>正文内容。</html>",
    ],
)
def test_missing_optional_tags_keep_the_text(markup):
    assert html_to_text(markup) == "一、总则\n正文内容。\n"


def test_an_unclosed_hidden_paragraph_ends_where_the_next_paragraph_starts():
    text = html_to_text("<p hidden>SECRET<p>看得见。<ul><li hidden>SECRET<li>也看得见。</ul>")
    assert text == "看得见。\n也看得见。\n"


def test_a_stray_end_tag_closes_nothing():
    text = html_to_text("<div hidden>SECRET</span></p></li>SECRET</div><p>正文。</p>")
    assert text == "正文。\n"
