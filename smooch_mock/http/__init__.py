"""Transport only: router, dispatcher, auth, the aiohttp server and the in-process httpx bridge."""
