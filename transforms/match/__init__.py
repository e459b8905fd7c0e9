"""Match: recognise the same person or firm across rows, lists and runs; build one golden record per lead."""
