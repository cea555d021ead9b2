from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.loaders import loaders


class Command(BaseCommand):
    help = "Load the demo data set: one user per role and each app's demo records. Idempotent."

    def handle(self, *args, **options):
        call_command("load_reference", stdout=self.stdout)
        # Registered by each app in its AppConfig.ready(), in layer order (users before organisations).
        for loader in loaders("demo"):
            loader.load(stdout=self.stdout)
