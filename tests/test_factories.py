"""Every factory makes a row the database accepts with its defaults alone, so a test that asks a
factory for "a social worker" gets one without spelling out fields it does not care about."""

import factory
import pytest

from tests import factories

FACTORIES = sorted(
    (
        value
        for value in vars(factories).values()
        if isinstance(value, type)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value.__module__ == factories.__name__
    ),
    key=lambda f: f.__name__,
)


@pytest.mark.parametrize("model_factory", FACTORIES, ids=lambda f: f.__name__)
def test_the_factory_makes_a_row_the_database_accepts(db, model_factory):
    row = model_factory()
    assert model_factory._meta.model.objects.filter(pk=row.pk).exists()
