from django.core.management.base import BaseCommand

from core.loaders import loaders
from core.public_cache import TOPICS, public_changed


class Command(BaseCommand):
    help = "Load Wuhou's reference data (places, departments, duty lists). Safe to run again."

    def handle(self, *args, **options):
        # Registered by each app in its AppConfig.ready(), in layer order; every loader is idempotent.
        for loader in loaders("reference"):
            counts = loader.load()
            self.stdout.write(f"{loader.name}: {counts}")
        # A database loaded afresh under an old cache: nothing cached before may be shown.
        for topic in TOPICS:
            public_changed(topic)
