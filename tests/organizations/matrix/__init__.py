"""Permission-matrix rows of the organizations app: each part of the domain keeps its rows and its
world-building in its own module (people.py, registration.py)."""

from tests.organizations.matrix.people import PEOPLE_ROUTES, build_people
from tests.organizations.matrix.registration import REGISTRATION_ROUTES, build_registration


def build(world):
    build_people(world)
    build_registration(world)


ROUTES = [
    *PEOPLE_ROUTES,
    *REGISTRATION_ROUTES,
]
