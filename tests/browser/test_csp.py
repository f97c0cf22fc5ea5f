"""The Content-Security-Policy in real headless Chromium: every page renders under it with no
violation reported, the portal, the admin, the browsable API, Swagger UI and ReDoc alike."""

import pytest

from cbm.models import AnnualPlan, PlanItem
from tests.admin.roles import OFFICER, member_of
from tests.browser.chromium import BROWSER_TEST, chromium_page, sign_in

pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_TEST

# Runs before any script of the page, and is itself exempt from the page's policy.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def page():
    with chromium_page() as page:
        page.add_init_script(RECORD_VIOLATIONS)
        # What Chromium reports of a policy (CSP or Permissions-Policy) on the console.
        page.policy_errors = []
        page.on(
            "console",
            lambda message: "Policy" in message.text and page.policy_errors.append(message.text),
        )
        yield page


def visit(page, url: str, rendered: str):
    """Load `url`, wait for `rendered` (a selector of what its scripts draw), and return the
    violations reported meanwhile."""
    response = page.goto(url)
    assert response.status == 200, url
    assert "content-security-policy" in response.headers, url
    page.wait_for_selector(rendered)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.cspViolations") + page.policy_errors


def test_portal_pages_render_with_no_policy_violation(live_server, reference_data, page):
    for path, rendered in [
        ("/en/", "main"),
        ("/en/activities/", "details.filter-panel[open]"),  # opened by static/js/site.js
        ("/en/plans/2023/", ".segment"),
        ("/en/calendar/", "main"),
        ("/ru/calendar/2023/10/", "main"),
        ("/en/accounts/login/", "#id_username"),
    ]:
        assert visit(page, f"{live_server.url}{path}", rendered) == [], path


def test_browsable_api_swagger_ui_and_redoc_render_with_no_policy_violation(
    live_server, reference_data, page
):
    url = live_server.url
    assert visit(page, f"{url}/api/v1/", ".response-info") == []
    assert visit(page, f"{url}/api/v1/events/?year=2023", ".response-info") == []
    # Swagger UI draws the schema's title and its operations from /api/schema/.
    assert visit(page, f"{url}/api/schema/swagger-ui/", ".swagger-ui .opblock") == []
    assert "CICA CBM API" in page.inner_text(".swagger-ui .info .title")
    # ReDoc draws its menu and the operations, styled by the styles it adds with the nonce.
    assert visit(page, f"{url}/api/schema/redoc/", ".menu-content li") == []
    assert "CICA CBM API" in page.inner_text("h1")


def test_admin_pages_render_with_no_policy_violation(live_server, reference_data, page):
    member_of(OFFICER, "csp-officer")
    admin = f"{live_server.url}/en/admin"
    page.goto(f"{admin}/login/")
    assert page.evaluate("window.cspViolations") == []
    sign_in(page, admin, "csp-officer")
    item = PlanItem.objects.filter(plan__year=2023).first()
    plan = AnnualPlan.objects.get(year=2023)
    for path, rendered in [
        ("/", "#site-name"),
        ("/cbm/planitem/", "#result_list"),
        # The change form's autocomplete widgets (select2) are drawn by jQuery.
        (f"/cbm/planitem/{item.pk}/change/", ".select2-selection"),
        (f"/cbm/annualplan/{plan.pk}/change/", "#annualplan_form"),
        ("/cbm/planitem/import/", "#id_import_file"),
    ]:
        assert visit(page, f"{admin}{path}", rendered) == [], path
