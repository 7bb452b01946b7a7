"""The appUser API (v1, v1.1): routes, handlers, wire shapes, error body, triggers and payloads."""
