"""Demo records for this app, loaded by `manage.py load_demo` after the users. Idempotent."""


def demo_load(*, stdout) -> None:
    return None
