"""Demo offerings and orders (filled in below)."""


def demo_load(*, stdout) -> None:
    stdout.write("demo orders: nothing yet")
