"""Permission-matrix rows of the organizations app. Shared file: each part adds its rows and its
world-building here; the people part keeps its own in matrix_people.py."""

from tests.organizations.matrix_people import PEOPLE_ROUTES, build_people
from tests.organizations.matrix_registration import REGISTRATION_ROUTES, build_registration


def build(world):
    build_people(world)
    build_registration(world)


ROUTES = [
    *PEOPLE_ROUTES,
    *REGISTRATION_ROUTES,
]
