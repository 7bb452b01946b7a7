"""The v2 operations, one module per resource family: parse → store call → v2 wire shape."""
