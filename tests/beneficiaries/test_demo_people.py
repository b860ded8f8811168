import io

from django.core.management import call_command

from beneficiaries.demo import demo_people
from beneficiaries.models import Case, CaseStatus, Person
from btxh.models import Level, Role, User
from tests.btxh.factories import make_unit


def test_demo_people_fills_the_demo_communes_through_the_services_once(commune, other_commune, province, leader):
    make_unit("00715", "Xã Lũng Cú", level=Level.COMMUNE, parent=province)
    rows = demo_people(n=25)
    assert [count is not None for _, count in rows] == [True, True, True]
    assert Person.objects.filter(unit=commune).count() >= 25
    cases = Case.objects.filter(unit=commune)
    assert cases.filter(status=CaseStatus.ACTIVE).count() > 12
    active = cases.filter(status=CaseStatus.ACTIVE).first()
    assert active.approved_by == leader  # the commune's own leader decided
    assert active.submitted_by.role == Role.COMMUNE_OFFICER
    assert active.history.count() >= 3  # create, submit, approve
    assert len(set(Case.objects.values_list("category", flat=True))) >= 7
    assert Person.objects.filter(payment_method="bank").exists()
    assert Person.objects.filter(birth_date__isnull=True).exists()
    assert User.objects.filter(username="lanhdao.00715", role=Role.COMMUNE_LEADER).exists()

    before = Person.objects.count()
    out = io.StringIO()
    call_command("demo_people", stdout=out)
    assert Person.objects.count() == before
    assert "đã có đối tượng, bỏ qua" in out.getvalue()
