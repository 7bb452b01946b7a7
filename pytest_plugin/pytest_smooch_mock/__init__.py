"""smooch-mock's pytest plugin (entry point `smooch_mock`), installed under this name of its own."""
