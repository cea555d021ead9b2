from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.loaders import loaders
from core.public_cache import TOPICS, public_changed


class Command(BaseCommand):
    help = "Load the demo data set: one user per role and each app's demo records. Idempotent."

    def handle(self, *args, **options):
        call_command("load_reference", stdout=self.stdout)
        # Registered by each app in its AppConfig.ready(), in layer order (users before organisations).
        for loader in loaders("demo"):
            loader.load(stdout=self.stdout)
        for topic in TOPICS:  # demo organisations join the directory, and so on
            public_changed(topic)
