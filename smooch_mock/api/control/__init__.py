"""The fake's own `/_mock/` API (state, simulation, deliveries, chaos, coverage) and dashboard."""
