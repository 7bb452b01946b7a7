"""Router cost: one `Router.match` per written form of every route (versions, `/apps/{appId}`).

`python benchmarks/router_match.py`: microseconds per match, averaged over the whole table, for a
path the method takes (a hit) and for one it does not (a 405, which must look at every route).
"""

from __future__ import annotations

import contextlib
import re
import timeit

from smooch_mock.api.routes import ROUTES
from smooch_mock.errors import MethodNotAllowed
from smooch_mock.http.router import Placement, Router

ROUNDS = 200


def written_paths() -> list[tuple[str, str]]:
    """(method, path) of every form of every route, parameters filled with plain ids."""
    paths = []
    for route in ROUTES:
        body = re.sub(r"\{(\w+)\}", lambda name: "id-" + name.group(1), route.path)
        if route.placement is Placement.CONTROL:
            paths.append((route.method, body))
            continue
        for version in route.versions:
            paths.append((route.method, f"/{version}{body}"))
            if route.placement is Placement.APP:
                paths.append((route.method, f"/{version}/apps/app-1{body}"))
    return paths


def per_match_us(router: Router, paths: list[tuple[str, str]], method: str | None) -> float:
    def run() -> None:
        for route_method, path in paths:
            with contextlib.suppress(MethodNotAllowed):
                router.match(method or route_method, path)

    best = min(timeit.repeat(run, number=ROUNDS, repeat=5))
    return best / (ROUNDS * len(paths)) * 1e6


def main() -> None:
    router, paths = Router(ROUTES), written_paths()
    hit = per_match_us(router, paths, None)
    refused = per_match_us(router, paths, "PATCH")
    print(f"{len(paths)} paths of {len(ROUTES)} routes: {hit:.2f} us/hit, {refused:.2f} us/405")


if __name__ == "__main__":
    main()
