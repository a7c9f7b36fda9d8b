"""The service report and outcome measures in Chromium, alone on the demo: the report page
makes the report for a chosen period and offers its files; on the case page an EPDS with
item 10 above 0 shows the service's risk procedure at once. Screenshots: report-*.png."""

from __future__ import annotations

from pathlib import Path

from .conftest import shot, start_server, stop_server


def test_the_report_page_and_a_risk_item_on_the_case_page(browser: object, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.yaml").write_text(
        "risk_procedure: Call the duty lead on 0100 000 0000 before you leave the visit.\n",
        encoding="utf-8",
    )
    server = start_server(data)
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(server.url + "voila/render/report.ipynb")
        page.get_by_role("textbox", name="From").fill("2026-01-01")
        page.get_by_role("textbox", name="To", exact=True).fill("2030-12-31")
        page.get_by_role("combobox", name="Figures for each").select_option(label="setting")
        page.get_by_role("button", name="Make the report").click()
        page.get_by_text("The report is ready").wait_for()
        page.get_by_text("Families referred").first.wait_for()
        assert page.get_by_role("link", name="report.pdf").count() == 1
        assert "F017" not in page.inner_text("body")
        shot(page, "report-page")
        response = page.request.get(
            server.url + "vigkit/exports/report-2026-01-01-2030-12-31-setting/report.csv"
        )
        assert response.ok and response.text().startswith("measure,period,group,count,value,note")

        page.goto(server.url + "voila/render/case.ipynb?case=F017")
        page.get_by_role("button", name="Outcome measures").click()
        page.get_by_role("combobox", name="Measure", exact=True).select_option(
            label="Edinburgh Postnatal Depression Scale (score only)"
        )
        page.get_by_text("never holds its items").wait_for()
        page.get_by_role("combobox", name="1. Item 10 score (0 to 3)").select_option(label="1")
        page.get_by_text("Call the duty lead on 0100 000 0000").wait_for()
        shot(page, "report-risk-procedure")
        page.get_by_role("button", name="Save the measure").click()
        page.get_by_text("Type the total from the completed form").wait_for()  # none typed
        page.get_by_role("textbox", name="Total (0 to 30)").fill("14")
        page.get_by_role("button", name="Save the measure").click()
        page.get_by_text("Saved: Edinburgh Postnatal Depression Scale (score only), 14").wait_for()
        page.get_by_text("risk procedure shown").wait_for()
        shot(page, "report-measure-saved")
        assert "Traceback" not in page.content()
    finally:
        context.close()
        stop_server(server)
