"""Every page of the site at 1366×768 (an office laptop) without horizontal overflow of the page body.

The walk reuses the every-URL scoping check (tests/scoping.py): its world gives commune A data of every
kind (people, cases, a roll, an emergency event, a longevity round, a plan, a report), and its KWARGS
registry fills each URL pattern with the ids of A's objects. Each page is opened as A's officer, as A's
leader when the officer is refused, and the pages that name no object also as the province's officer.
Wide tables must scroll inside their card (`.table-responsive`), never widen the page. Downloads (PDF,
Excel, Word), POST-only URLs (405), redirects and htmx fragments are not pages and are skipped.
"""

import time

from django.urls import reverse

from btxh.models import Role
from tests.btxh.factories import UserFactory
from tests.e2e.conftest import ARTIFACTS, login, screenshot
from tests.scoping import build_world, iter_patterns, kwarg_registry

WIDTH, HEIGHT = 1366, 768

# Pages of every area that the walk must have measured, so that a broken world cannot pass it by skipping.
MUST_MEASURE = {
    "officer": {"home", "beneficiaries:person-list", "beneficiaries:person-detail", "beneficiaries:case-detail",
                "benefits:roll-list", "benefits:roll-detail", "benefits:emergency-event-detail", "plans:round-detail",
                "plans:plan-detail", "reports:report-detail", "job-detail"},
    "leader": {"beneficiaries:decision-batch", "beneficiaries:decision-ends"},
    "province": {"home", "reports:dashboard", "reports:report-list", "plans:overview", "access-log-list"},
}  # fmt: skip

# null when the page fits, else how wide it is and the outermost elements that stick out of the window
# (outside a .table-responsive, which scrolls on its own), to name the culprit in a failure.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.getBoundingClientRect().right > width + 1 && !el.closest('.table-responsive')) {
      culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map(c => '.' + c).join(''));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 4)};
}"""

# The menu is one line: every top-level entry at the same height, the bar no taller than one line.
NAV_JS = """() => {
  const bar = document.querySelector('nav.navbar');
  const tops = [...bar.querySelectorAll('.navbar-nav > .nav-item')].map(li => Math.round(li.getBoundingClientRect().top));
  return {height: Math.round(bar.getBoundingClientRect().height), rows: new Set(tops).size, items: tops.length};
}"""


def _urls(world):
    registry = kwarg_registry()
    for name, kwarg_names in sorted(iter_patterns()):
        yield name, reverse(name, kwargs={k: registry[k](world) for k in kwarg_names}), bool(kwarg_names)


def _measure(page, url, clock):
    """ "fits", an overflow (dict), or why the URL is not a page: an HTTP status, "file" or "fragment".

    The URL is first fetched with the page's cookies, not followed: Chromium turns a download into an
    error of the navigation and an empty 405 into an error page."""
    fetched = time.monotonic()
    response = page.context.request.get(url, max_redirects=0)
    clock["fetch"] += time.monotonic() - fetched
    if response.status != 200:
        return response.status
    if not response.headers.get("content-type", "").startswith("text/html"):
        return "file"
    if "<main" not in response.text():
        return "fragment"
    shown = time.monotonic()
    page.goto(url)
    result = page.evaluate(OVERFLOW_JS) or "fits"
    clock["browser"] += time.monotonic() - shown
    return result


def test_every_page_fits_a_1366_pixel_screen_without_horizontal_scrolling(browser, live_server):
    started = time.monotonic()
    world = build_world()
    leader = UserFactory(unit=world.commune_a, role=Role.COMMUNE_LEADER, full_name="Lãnhđạo Xã Ađơn")
    province_officer = UserFactory(unit=world.province, role=Role.PROVINCE_OFFICER, full_name="Cánbộ Tỉnh Thái")
    urls = list(_urls(world))
    built = time.monotonic() - started
    measured = {"officer": set(), "leader": set(), "province": set()}
    overflows, navs, refused = [], [], set()
    clock = {"fetch": 0.0, "browser": 0.0}
    for who, user in (("officer", world.officer_a), ("leader", leader), ("province", province_officer)):
        context = browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": WIDTH, "height": HEIGHT}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, live_server, user.username)
        for name, url, names_object in urls:
            if (who == "leader" and name not in refused) or (who == "province" and names_object):
                continue
            result = _measure(page, live_server.url + url, clock)
            if result == 403:
                refused.add(name)
            if result == "fits" or isinstance(result, dict):
                measured[who].add(name)
                nav = page.evaluate(NAV_JS)
                if nav["rows"] != 1 or nav["height"] > 60:
                    navs.append(f"{who} {name}: {nav}")
            if isinstance(result, dict):
                overflows.append(f"{who} {name} ({url}): {result}")
            if who == "officer" and name in ("home", "beneficiaries:person-list", "benefits:roll-detail"):
                screenshot(page, f"width_1366_{who}_{name.split(':')[-1]}")
        if who == "officer":
            _screenshot_menu(page, live_server)
        context.close()
    walked = sum(len(names) for names in measured.values())
    print(
        f"\n{walked} pages measured at {WIDTH}×{HEIGHT} in {time.monotonic() - started - built:.1f} s "
        f"(world built in {built:.1f} s; fetching every URL once without a browser, the baseline: "
        f"{clock['fetch']:.1f} s; loading and measuring the pages in Chromium: {clock['browser']:.1f} s)"
    )
    assert overflows == [], "pages wider than the screen:\n" + "\n".join(overflows)
    assert navs == [], "the menu does not fit on one line:\n" + "\n".join(navs)
    for who, names in MUST_MEASURE.items():
        assert names <= measured[who], f"{who} did not reach {sorted(names - measured[who])}"


def _screenshot_menu(page, live_server):
    """The menu bar with the registry's pages open, as an officer sees it on a laptop."""
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Các trang của Đối tượng").click()
    page.get_by_role("link", name="Nhập danh sách từ Excel").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "width_1366_menu.png"), clip={"x": 0, "y": 0, "width": WIDTH, "height": 340})


def test_a_wide_list_prints_on_a4_landscape_whole_without_the_menu_buttons_or_filters(page, live_server, tmp_path):
    from pypdf import PdfReader

    from tests.office import pdf_text, pdf_to_png

    world = build_world()
    login(page, live_server, world.officer_a.username)
    page.goto(f"{live_server.url}{reverse('benefits:roll-detail', args=[world.ids['roll']])}")
    pdf = tmp_path / "roll_page.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    sheet = PdfReader(pdf).pages[0].mediabox
    assert (round(float(sheet.width)), round(float(sheet.height))) == (842, 595)  # A4 landscape, in points
    text = pdf_text(pdf)
    assert "Danh sách chi trả tháng 07/2026" in text and "Chitrả Bímật Ađơn" in text
    assert "Tình" in text and "trạng" in text  # the table's last column, not cut off
    assert "Đăng xuất" not in text and "Lập lại" not in text and "Tìm theo họ tên" not in text
    pdf_to_png(pdf, "print_a4_landscape_roll_page")
