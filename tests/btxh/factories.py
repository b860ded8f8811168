import factory
from django.test import Client

from btxh.models import Level, Regime, Role, Unit, User


def make_unit(code: str, name: str, *, level: int, parent: Unit | None = None, regime: str = Regime.TWO_TIER) -> Unit:
    path = (parent.path if parent else f"{regime}:") + f"{code}/"
    kind = {Level.PROVINCE: "tỉnh", Level.DISTRICT: "huyện", Level.COMMUNE: "xã"}[level]
    return Unit.objects.create(regime=regime, code=code, name=name, type=kind, level=level, parent=parent, path=path)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ số {n}")
    role = Role.COMMUNE_OFFICER
    password = factory.PostGenerationMethodCall("set_password", "matkhau-thu-nghiem")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def client_of(user) -> Client:
    """A test client of its own, logged in as ``user`` (for a test that moves between users)."""
    client = Client()
    client.force_login(user)
    return client
