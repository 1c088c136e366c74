"""The app in a real browser: Debian's chromium driven by chromium-driver (Selenium; no
browser is downloaded). The list, a search, a story, and a click on a figure that lands
on its highlighted sentence, with the stylesheet allowed by the Content-Security-Policy.

Set NEWSTALLY_SCREENSHOT=path.png to save the story page (the README's screenshot)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM or not DRIVER:
        pytest.skip(
            "no Chromium on this machine (apt-get install chromium chromium-driver); "
            f"chromium={CHROMIUM}, chromedriver={DRIVER}"
        )
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def test_list_search_story_and_figure_to_its_sentence(browser, server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.stories tbody tr a.story-link")
    assert len(rows) >= 2
    # the stylesheet loads under the Content-Security-Policy
    header = browser.find_element(By.CSS_SELECTOR, "header.top")
    assert header.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"

    box = browser.find_element(By.CSS_SELECTOR, "form.search input[name=q]")
    box.send_keys("Varra")
    box.submit()
    # submit() does not wait for the next page: wait until the search's page is the one read
    WebDriverWait(browser, 30).until(lambda d: "q=Varra" in d.current_url)
    found = browser.find_elements(By.CSS_SELECTOR, "a.story-link")
    assert [a.text for a in found] and all("Keltmoor" in a.text for a in found)

    found[0].click()
    WebDriverWait(browser, 30).until(lambda d: "/stories/" in d.current_url)
    assert browser.find_elements(By.CSS_SELECTOR, "table.slots tbody tr")
    chart = browser.find_element(By.CSS_SELECTOR, ".chart-box img")
    assert browser.execute_script("return arguments[0].naturalWidth", chart) > 0
    if os.environ.get("NEWSTALLY_SCREENSHOT"):
        browser.save_screenshot(str(Path(os.environ["NEWSTALLY_SCREENSHOT"])))

    link = browser.find_element(By.CSS_SELECTOR, "table.slots a.figure")
    quantity = link.text.strip("\u2018\u2019")
    link.click()
    WebDriverWait(browser, 30).until(lambda d: "/articles/" in d.current_url)
    assert browser.current_url.endswith("#hl")
    marked = browser.find_element(By.ID, "hl")
    assert marked.tag_name == "mark" and marked.is_displayed()
    sentence = " ".join(m.text for m in browser.find_elements(By.CSS_SELECTOR, "mark.hl"))
    assert quantity in sentence
    assert marked.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    current = browser.find_element(By.CSS_SELECTOR, "mark.fig.current")
    assert current.text == quantity


def test_hostile_article_runs_no_script(browser, server) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/articles/hostile-1")
    # an alert would make any further command fail with UnexpectedAlertPresentException
    assert "Evil Times" in browser.find_element(By.CSS_SELECTOR, "p.meta").text
    assert not browser.find_elements(By.CSS_SELECTOR, "article script, article img")
    links = [a.get_attribute("href") for a in browser.find_elements(By.TAG_NAME, "a")]
    assert not [h for h in links if h and not h.startswith(server)]
