"""The project's URLs plus one view that forgets the scope: the scoping check must catch it."""

from django.http import HttpResponse
from django.urls import path

from btxh.models import Unit
from btxh.urls import urlpatterns as project_urlpatterns


def leaky_unit_list(request):
    return HttpResponse("\n".join(Unit.objects.values_list("name", flat=True)))


urlpatterns = [*project_urlpatterns, path("ro-ri/", leaky_unit_list, name="leaky-unit-list")]
