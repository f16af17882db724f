from hechting.content.pages import PAGES


def test_it_passes_axe_on_the_info_index_and_every_page(page, axe_check):
    page.goto(page.base + "/info/")
    assert page.locator("html").get_attribute("lang") == "nl"
    axe_check(page, "info-index")
    for info in PAGES:
        page.goto(f"{page.base}/info/{info.slug}/")
        assert page.locator("h1").count() == 1
        axe_check(page, f"info-{info.slug}")


def test_it_ticks_checklist_boxes_without_sending_anything(page):
    requests: list[str] = []
    page.goto(page.base + "/info/herkennen/", wait_until="networkidle")
    page.on("request", lambda r: requests.append(r.url))
    boxes = page.get_by_role("checkbox")
    boxes.first.check()
    boxes.nth(3).check()
    assert boxes.first.is_checked()
    page.wait_for_timeout(200)
    assert requests == []


def test_it_reads_the_info_pages_in_english(page, axe_check):
    page.goto(page.base + "/info/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="The four attachment styles").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "The four attachment styles"
    axe_check(page, "info-styles-en")
