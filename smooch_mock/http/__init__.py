"""The HTTP edge: one route table and one dispatcher shared by the aiohttp server and respx."""
