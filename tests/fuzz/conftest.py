def pytest_ignore_collect(collection_path, config):
    # The fuzz module loads the whole API schema when imported: only when `-m fuzz` asks for it,
    # not in every `make test`.
    expr = config.option.markexpr or ""
    if collection_path.name.startswith("test_"):
        return not ("fuzz" in expr and "not fuzz" not in expr)
    return None
