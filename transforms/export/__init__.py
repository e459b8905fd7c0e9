"""Export: the contract's output files, checked against the invariants and published whole."""
