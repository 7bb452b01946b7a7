"""The APIs the fake serves: one package per generation (`v1`) and its own control API."""
