"""Suite-wide: the test order is random (pytest-randomly); the seed is said at the end so a failure can be replayed."""


def pytest_terminal_summary(terminalreporter, config) -> None:
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):  # absent with -p no:randomly
        terminalreporter.write_line(f"random order, seed {seed};"
                                    f" replay it: make test PYTEST_ARGS=--randomly-seed={seed}")
