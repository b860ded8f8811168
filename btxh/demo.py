"""Demo staff for `make run`: one login per role, in Tuyên Quang (two-tier) and, for the
district officer, a legacy district of the same province."""

from dataclasses import dataclass

from .models import Level, Regime, Role, Unit, User
from .services import staff_create

DEMO_PASSWORD = "btxh@2026"  # noqa: S105 - printed for the demo on purpose
DEMO_PROVINCE = "08"  # Tỉnh Tuyên Quang (2025)
DEMO_COMMUNES = ["00700", "00706", "00715"]  # Xã Ngọc Đường, Xã Phú Linh, Xã Lũng Cú
DEMO_LEGACY_DISTRICT = "071"  # Huyện Lâm Bình (until 30/6/2025)
# Communes of that district with people, cases and rolls, for the district officer's login (the legacy
# chain: the district decides the cases and locks the rolls): Xã Thượng Lâm, Thị trấn Lăng Can.
DEMO_LEGACY_COMMUNES = ["02269", "02266"]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    regime: str
    level: int
    code: str | None


DEMO_LOGINS = [
    DemoLogin("canbo.xa", "Hoàng Thị Lan", Role.COMMUNE_OFFICER, Regime.TWO_TIER, Level.COMMUNE, DEMO_COMMUNES[0]),
    DemoLogin("lanhdao.xa", "Nông Văn Thành", Role.COMMUNE_LEADER, Regime.TWO_TIER, Level.COMMUNE, DEMO_COMMUNES[0]),
    DemoLogin("canbo.xa2", "Triệu Thị Mai", Role.COMMUNE_OFFICER, Regime.TWO_TIER, Level.COMMUNE, DEMO_COMMUNES[1]),
    DemoLogin("lanhdao.xa2", "Lý Văn Sơn", Role.COMMUNE_LEADER, Regime.TWO_TIER, Level.COMMUNE, DEMO_COMMUNES[1]),
    DemoLogin("canbo.huyen", "Ma Văn Hùng", Role.DISTRICT_OFFICER, Regime.LEGACY, Level.DISTRICT, DEMO_LEGACY_DISTRICT),
    DemoLogin("canbo.tinh", "Phạm Thu Hà", Role.PROVINCE_OFFICER, Regime.TWO_TIER, Level.PROVINCE, DEMO_PROVINCE),
    DemoLogin("xem.tinh", "Đỗ Minh Quân", Role.VIEWER, Regime.TWO_TIER, Level.PROVINCE, DEMO_PROVINCE),
    DemoLogin("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, Regime.TWO_TIER, Level.PROVINCE, None),
]


def demo_staff_create() -> list[tuple[DemoLogin, User]]:
    out = []
    for login in DEMO_LOGINS:
        unit = (
            Unit.objects.filter(regime=login.regime, level=login.level, code=login.code).first() if login.code else None
        )
        if login.code and unit is None:
            continue  # that regime's units are not loaded
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = staff_create(
                username=login.username, password=DEMO_PASSWORD, full_name=login.full_name, unit=unit, role=login.role
            )
        out.append((login, user))
    return out
