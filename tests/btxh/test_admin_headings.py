"""The admin's headings are in Vietnamese: the site's header, title and index title, and every app's
heading (issue #10, item 9)."""

import re

from django.urls import reverse

from btxh.models import User


def test_the_admin_speaks_vietnamese_in_its_headings(client, db):
    client.force_login(User.objects.create_superuser("quantri.thu", "qt@example.vn", "mat-khau-dai-du-dung"))
    html = client.get(reverse("admin:index")).content.decode()
    assert re.search(r"<title>Dữ liệu của hệ thống \| Quản trị BTXH</title>", html)
    assert 'id="site-name"><a href="/quan-tri/">Quản trị hệ thống bảo trợ xã hội</a>' in html
    assert "Django" not in html.split("<body", 1)[1]
    apps = re.findall(r"<caption>\s*<a[^>]*>(.*?)</a>", html, re.S)
    assert set(apps) == {
        "Đăng nhập sai và khóa tài khoản", "Chế độ và chi trả", "Hệ thống", "Xác thực và ủy quyền",
        "Đối tượng bảo trợ xã hội",
    }  # fmt: skip
