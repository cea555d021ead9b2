from django.core.management import call_command
from django.core.management.base import BaseCommand

from .load_reference import _resolve

# Each app's demo loader, in dependency order. Running the command twice changes nothing.
LOADERS = [
    "accounts.demo.demo_load",
    "organizations.demo.demo_load",
    "services.demo.demo_load",
    "procurement.demo.demo_load",
]


class Command(BaseCommand):
    help = "Load the demo data set: one user per role and each app's demo records. Idempotent."

    def handle(self, *args, **options):
        call_command("load_reference", stdout=self.stdout)
        for dotted in LOADERS:
            loader = _resolve(dotted)
            if loader is not None:
                loader(stdout=self.stdout)
