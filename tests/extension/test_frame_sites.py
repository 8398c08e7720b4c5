"""Editors in frames without a host of their own (TinyMCE's, about:blank, srcdoc, sandboxed) belong
to the page holding them: the agent's "off for this site" switch covers them too."""

import time

import pytest
from editor_pages import EDITOR_PAGES, drawn_marks

FRAME_EDITORS = [e for e in EDITOR_PAGES if e.name in {"tinymce", "frame-blank", "frame-srcdoc", "frame-sandboxed"}]


@pytest.fixture
def site_switched_off(browser):
    browser.set_storage({"disabledSites": ["127.0.0.1"]})
    yield
    browser.set_storage({"disabledSites": []})


@pytest.mark.parametrize("editor_page", FRAME_EDITORS, ids=lambda e: e.name)
def test_switching_the_site_off_covers_its_frames(editor_page, site_switched_off, page, pages, reply):
    page.goto(f"{pages}/{editor_page.file}")
    editor = editor_page.editor(page)
    editor_page.click_to_type(page)
    page.keyboard.type(reply.text)
    time.sleep(1.5)  # several debounce periods: nothing may appear
    assert drawn_marks(editor) == {}
