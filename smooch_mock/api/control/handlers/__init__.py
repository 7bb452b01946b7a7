"""Control API handlers: parse the call, drive the store, simulator or webhooks, answer JSON."""
