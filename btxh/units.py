"""Loading the administrative-unit tree from the ``vietnam-provinces`` package (official GSO codes)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import Level, Regime, Unit

TWO_TIER_FROM = date(2025, 7, 1)
LEGACY_UNTIL = date(2025, 6, 30)


class UnitsUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class UnitRecord:
    level: int
    code: str
    name: str
    type: str
    parent_key: tuple[int, str] | None

    @property
    def key(self) -> tuple[int, str]:
        return (self.level, self.code)


def _records_2025(province: str | None) -> list[UnitRecord]:
    from vietnam_provinces import Province, Ward

    out = []
    for p in Province.iter_all():
        pcode = f"{int(p.code):02d}"
        if province and pcode != province:
            continue
        out.append(UnitRecord(Level.PROVINCE, pcode, p.name, p.division_type.value, None))
        for w in Ward.iter_by_province(p.code):
            out.append(
                UnitRecord(Level.COMMUNE, f"{int(w.code):05d}", w.name, w.division_type.value, (Level.PROVINCE, pcode))
            )
    return out


def _records_legacy(province: str | None) -> list[UnitRecord]:
    try:
        from vietnam_provinces import legacy
    except ImportError as exc:  # the package's releases with legacy data need Python 3.12
        raise UnitsUnavailable(
            "Dữ liệu đơn vị hành chính cũ (63 tỉnh) cần gói vietnam-provinces ≥ 2026.1 (Python ≥ 3.12)."
        ) from exc
    out = []
    for p in legacy.Province.iter_all():
        pcode = f"{int(p.code):02d}"
        if province and pcode != province:
            continue
        out.append(UnitRecord(Level.PROVINCE, pcode, p.name, p.division_type.value, None))
        for d in legacy.District.iter_by_province(p.code):
            dcode = f"{int(d.code):03d}"
            out.append(UnitRecord(Level.DISTRICT, dcode, d.name, d.division_type.value, (Level.PROVINCE, pcode)))
            for w in legacy.Ward.iter_by_district(d.code):
                out.append(
                    UnitRecord(
                        Level.COMMUNE, f"{int(w.code):05d}", w.name, w.division_type.value, (Level.DISTRICT, dcode)
                    )
                )
    return out


@transaction.atomic
def units_load(*, regime: str, province: str | None = None) -> dict:
    """Create or update the units of one regime. Idempotent: a second run changes nothing."""
    if regime not in Regime.values:
        raise ValueError(f"regime must be one of {Regime.values}")
    records = _records_2025(province) if regime == Regime.TWO_TIER else _records_legacy(province)
    if province and not records:
        raise ValueError(f"Không có tỉnh mã {province} trong chế độ {regime}")
    valid_from = TWO_TIER_FROM if regime == Regime.TWO_TIER else None
    valid_to = None if regime == Regime.TWO_TIER else LEGACY_UNTIL

    existing = {(u.level, u.code): u for u in Unit.objects.filter(regime=regime)}
    created = updated = unchanged = 0
    # Parents come before children in ``records``, so each level can be written in turn.
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create, to_update = [], []
        for rec in (r for r in records if r.level == level):
            parent = existing[rec.parent_key] if rec.parent_key else None
            path = (parent.path if parent else f"{regime}:") + f"{rec.code}/"
            wanted = {
                "name": rec.name, "type": rec.type, "parent_id": parent.pk if parent else None,
                "path": path, "valid_from": valid_from, "valid_to": valid_to,
            }
            unit = existing.get(rec.key)
            if unit is None:
                unit = Unit(regime=regime, level=level, code=rec.code, **wanted)
                to_create.append(unit)
                existing[rec.key] = unit
            elif any(getattr(unit, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(unit, k, v)
                to_update.append(unit)
            else:
                unchanged += 1
        # The *_with_history helpers write the audit rows too: bulk writes are audited like any other.
        if to_create:
            bulk_create_with_history(to_create, Unit, batch_size=2000)
        if to_update:
            bulk_update_with_history(
                to_update, Unit, ["name", "type", "parent", "path", "valid_from", "valid_to"], batch_size=2000
            )
        created += len(to_create)
        updated += len(to_update)
        if to_create and to_create[0].pk is None:
            for u in Unit.objects.filter(regime=regime, level=level):
                existing[(u.level, u.code)] = u

    loaded = Unit.objects.filter(regime=regime)
    if province:
        loaded = loaded.filter(path__startswith=f"{regime}:{province}/")
    return {
        "regime": regime,
        "provinces": loaded.filter(level=Level.PROVINCE).count(),
        "districts": loaded.filter(level=Level.DISTRICT).count(),
        "communes": loaded.filter(level=Level.COMMUNE).count(),
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
    }
