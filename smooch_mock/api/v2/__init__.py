"""The v2 API (Sunshine Conversations): routes, handlers, wire shapes, error body, pagination."""
