"""Use cases: what the window and the command line do with a library."""
