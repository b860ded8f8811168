"""Objects of the longevity celebrations in commune A, for the every-URL scoping check (tests/scoping.py)."""

from datetime import date

from plans.models import ElderlyPerson
from plans.services import entry_add_manual, round_open
from tests.beneficiaries.factories import listed_hamlet
from tests.plans.plan_factories import written_plan


def build(world):
    listed_hamlet(world.commune_a, "Thôn Bímật Mừngthọ")  # the commune's list (the registry's build made one)
    a = world.commune_a
    elderly = ElderlyPerson.objects.create(
        unit=a, full_name="Bímật Cụông Trămtuổi", name_normalized="bimat cuong tramtuoi", birth_date=date(1926, 5, 5),
        birth_year=1926, sex="male", national_id="019026998877", hamlet="Thôn Bímật Mừngthọ",
    )
    round_ = round_open(user=world.officer_a, unit=a, occasion="tet", year=2026)
    entry = entry_add_manual(round_=round_, user=world.officer_a, full_name="Bímật Cụbà Thêmtay", birth_year=1936,
                             hamlet="Thôn Bímật Mừngthọ", level="90", reason="Lýdo bímật", sex="female")
    world.ids.update(elderly=elderly.pk, round=round_.pk, entry=entry.pk)
    plan = written_plan(a, world.officer_a, targets=(("Chỉtiêu Bímật Ađơn", "eligible_paid_pct", "100"),))
    plan.title = "Kếhoạch Bímật Ađơn"
    plan.save()
    world.ids.update(plan=plan.pk, activity=plan.activities.first().pk)
    world.markers |= {"Kếhoạch Bímật Ađơn", "Chỉtiêu Bímật Ađơn"}
    world.markers |= {elderly.full_name, "019026998877", "Thôn Bímật Mừngthọ", "Bímật Cụbà Thêmtay", "Lýdo bímật"}


KWARGS = {
    "elderly_id": lambda world: world.ids["elderly"],
    "round_id": lambda world: world.ids["round"],
    "entry_id": lambda world: world.ids["entry"],
    "plan_id": lambda world: world.ids["plan"],
    "activity_id": lambda world: world.ids["activity"],
}
