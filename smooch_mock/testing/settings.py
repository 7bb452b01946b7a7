"""What a test asks of its fake (the `smooch` marker's options), validated in one place."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..webhooks.chaos import ChaosSettings

DEFAULT_BASE_URLS = ("https://api.smooch.io", "https://api.eu-1.smooch.io")
VERSIONS = ("v1.1", "v1", "v2")


@dataclass(frozen=True, slots=True)
class SmoochSettings:
    """Options of `@pytest.mark.smooch(...)`; the defaults share one fake server per session."""

    seed: int | None = None
    """Seed of the fake's ids and fake data (needs a fake of its own)."""
    version: str = "v1.1"
    """API generation of the helpers: webhooks they create (v2: a custom integration's),
    message, user and role names they return and match, `api_url`."""
    webhook_retry_base: float | None = None
    """First retry delay of webhook deliveries in seconds (Smooch: 1 s, doubling)."""
    webhook_timeout: float | None = None
    """How long a webhook target may take to answer, in seconds (Smooch: 20 s)."""
    webhook_batch_window: float | None = None
    """Seconds a v2 webhook's events of one conversation wait to share one POST (batches of up
    to 10 events; unset: one event per POST)."""
    fake_clock: bool = False
    """Drive time by hand: `smooch.advance(seconds)`; retries wait for it."""
    base_urls: tuple[str, ...] = ()
    """Extra base URLs the in-process (`smooch_mock`) mode answers; the first is its `base_url`."""
    chaos: ChaosSettings | None = None
    """Delivery faults for every webhook of the test's app, e.g. `chaos={"duplicate": 0.5}`."""

    def __post_init__(self) -> None:
        if self.chaos is not None and not isinstance(self.chaos, _chaos_settings()):
            raise ValueError(
                "smooch marker: chaos takes a dict of faults, e.g. chaos={'duplicate': 0.5}"
            )
        if self.version not in VERSIONS:
            raise ValueError(
                f"smooch marker: version must be one of {VERSIONS}, not {self.version!r}"
            )
        window = self.webhook_batch_window
        if window is not None and (
            isinstance(window, bool) or not isinstance(window, int | float) or not 0 <= window <= 60
        ):
            raise ValueError(
                f"smooch marker: webhook_batch_window takes seconds from 0 to 60, not {window!r}"
            )
        for url in self.base_urls:
            if not url.startswith(("http://", "https://")):
                raise ValueError(
                    f"smooch marker: base_urls need a scheme (http:// or https://): {url!r}"
                )

    @classmethod
    def from_options(cls, options: Iterable[Mapping[str, Any]]) -> SmoochSettings:
        """Merge option sets, later ones winning (e.g. module marker, then the test's own)."""
        known = {f.name for f in fields(cls)}
        settings = cls()
        for option_set in options:
            unknown = sorted(set(option_set) - known)
            if unknown:
                raise ValueError(
                    f"smooch marker: unknown option(s) {', '.join(unknown)}"
                    f"{_did_you_mean(unknown, known)}; known: {', '.join(sorted(known))}"
                )
            values = dict(option_set)
            if "base_urls" in values:
                urls = values["base_urls"]
                values["base_urls"] = (urls,) if isinstance(urls, str) else tuple(urls)
            if isinstance(values.get("chaos"), Mapping):
                try:
                    values["chaos"] = _chaos_settings().from_options(values["chaos"])
                except ValueError as error:
                    raise ValueError(f"smooch marker: {error}") from None
            settings = replace(settings, **values)
        return settings

    @property
    def needs_own_fake(self) -> bool:
        """Whether these options change the whole fake, so the shared server cannot serve them."""
        return (
            self.seed is not None
            or self.webhook_retry_base is not None
            or self.webhook_timeout is not None
            or self.webhook_batch_window is not None
            or self.fake_clock
        )

    @property
    def in_process_base_urls(self) -> tuple[str, ...]:
        """Every base URL the in-process mode answers: the marker's first, then Smooch's hosts."""
        own = tuple(dict.fromkeys(url.rstrip("/") for url in self.base_urls))
        return own + tuple(url for url in DEFAULT_BASE_URLS if url not in own)

    def fake_options(self) -> dict[str, Any]:
        """Keyword arguments for `FakeSmooch` (the clock is added by whoever builds it)."""
        options: dict[str, Any] = {"seed": self.seed}
        if self.webhook_retry_base is not None:
            options["webhook_retry_base"] = self.webhook_retry_base
        if self.webhook_timeout is not None:
            options["webhook_timeout"] = self.webhook_timeout
        if self.webhook_batch_window is not None:
            options["webhook_batch_window"] = self.webhook_batch_window
        return options


def _did_you_mean(unknown: list[str], known: set[str]) -> str:
    guesses = [
        f"{name} → {close[0]}"
        for name in unknown
        if (close := difflib.get_close_matches(name, known, n=1, cutoff=0.6))
    ]
    return f" (did you mean: {', '.join(guesses)}?)" if guesses else ""


def _chaos_settings() -> type[ChaosSettings]:
    """The chaos module loads with the first test that asks for chaos, not with the plugin."""
    from ..webhooks.chaos import ChaosSettings

    return ChaosSettings
