from django.core.management.base import BaseCommand

from core.loaders import loaders


class Command(BaseCommand):
    help = "Load Wuhou's reference data (places, departments, duty lists). Safe to run again."

    def handle(self, *args, **options):
        # Registered by each app in its AppConfig.ready(), in layer order; every loader is idempotent.
        for loader in loaders("reference"):
            counts = loader.load()
            self.stdout.write(f"{loader.name}: {counts}")
