from importlib import import_module

from django.core.management.base import BaseCommand

# Each app's reference loader, in dependency order. Every loader is idempotent.
LOADERS = [
    "accounts.reference.reference_units_load",
    "services.reference.reference_load",
    "organizations.reference.reference_load",
]


def _resolve(dotted: str):
    module_name, func = dotted.rsplit(".", 1)
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, func, None)


class Command(BaseCommand):
    help = "Load Wuhou's reference data (places, departments, duty lists). Safe to run again."

    def handle(self, *args, **options):
        for dotted in LOADERS:
            loader = _resolve(dotted)
            if loader is None:
                continue
            counts = loader()
            self.stdout.write(f"{dotted}: {counts}")
