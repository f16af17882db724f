def test_it_renders_the_home_page_in_dutch_and_passes_axe(page, axe_check):
    page.goto(page.base + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "zelfreflectie" in page.content().lower()
    axe_check(page, "home")


def test_it_switches_to_english_with_the_button(page):
    page.goto(page.base + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
