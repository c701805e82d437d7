"""The readiness pages in a real browser: the province page, a work's page and a task page (its
SVG chart), with their forms, fit a phone's width, load nothing from outside and have no serious
accessibility violation; a zone's board adds a progress report on a phone."""

from __future__ import annotations

from tests.browser.conftest import BOARD, PASSWORD, Visit

AS_OF = "?as_of=2024-07-15"


def test_readiness_pages_on_a_phone_and_with_axe(admin_phone: Visit, admin_axe: Visit) -> None:
    admin_phone.go("/readiness" + AS_OF)
    link = admin_phone.page.locator("a[href^='/readiness/tasks/']").first.get_attribute("href")
    work = admin_phone.page.locator("a[href^='/readiness/works/']").first.get_attribute("href")
    assert link and work
    found: dict[str, object] = {}
    for n, path in enumerate(["/readiness" + AS_OF, work + AS_OF, link + AS_OF]):
        admin_phone.go(path)
        if (overflow := admin_phone.horizontal_overflow()) > 0:
            found[path] = (overflow, admin_phone.too_wide())
        admin_phone.screenshot(f"readiness-{n}-360")
        admin_axe.go(path)
        if violations := admin_axe.axe():
            found[path + " axe"] = violations
    assert admin_phone.page.locator("svg.chart polyline").count() == 1
    assert found == {}
    assert admin_phone.outside() == []


def test_the_board_adds_a_progress_report_on_a_phone(phone: Visit) -> None:
    """Yên Lư's board adds a report on the task page: a value above the task's land is
    refused beside its field, nothing written; a good one moves the % done."""
    phone.login(BOARD, PASSWORD)
    phone.go("/readiness")
    link = phone.page.locator("a:has-text('Diện tích còn lại')").first.get_attribute("href")
    assert link
    phone.go(link)
    page = phone.page
    done = page.locator("dl.facts dd").nth(1)
    assert done.inner_text() == "50%"  # 26 of 52 ha on the demo's last report
    reports = page.locator("#reports tbody tr").count()
    form = page.locator("#add-report form")
    form.locator("input[name=reported_on]").fill("2024-07-31")
    form.locator("input[name=handed_over_ha]").fill("60")  # the task has 52 ha
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    invalid = page.locator("#add-report input[name=handed_over_ha][aria-invalid=true]")
    assert invalid.count() == 1 and invalid.input_value() == "60"
    assert page.locator("#add-report label.invalid small.error").count() == 1
    assert page.locator("#reports tbody tr").count() == reports
    assert phone.horizontal_overflow() <= 0, phone.too_wide()
    phone.screenshot("readiness-report-refused-360")
    page.locator("#add-report input[name=handed_over_ha]").fill("39")
    page.locator("#add-report button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("p.notice[role=status]").count() == 1
    assert page.locator("dl.facts dd").nth(1).inner_text() == "75%"
    assert page.locator("#reports tbody tr").count() == reports + 1
    assert phone.horizontal_overflow() <= 0, phone.too_wide()
    assert phone.outside() == []
