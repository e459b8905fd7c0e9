"""Great Expectations suites as code, one module per table checked, and the runner that applies them."""
