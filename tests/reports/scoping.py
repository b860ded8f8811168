"""A report of commune A, for the every-URL scoping check."""

from reports import services


def build(world):
    report = services.report_open(unit=world.commune_a, kind="payments", period="2026-07", user=world.officer_a)
    services.report_write(report=report, user=world.officer_a, narrative="Thuyết minh Bímật Ađơn")
    world.ids["report"] = report.pk
    world.markers.add("Thuyết minh Bímật Ađơn")


KWARGS = {
    "report_id": lambda world: world.ids["report"],
}
