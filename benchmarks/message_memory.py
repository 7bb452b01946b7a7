"""Measurement 5: resident memory per stored text message at 1 000 000 messages, in a fresh process.

Run by run_all.py as its own process; prints its result as JSON.
"""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import asdict, dataclass

from conversation_builder import fill_conversation, new_store, rss_bytes

from smooch_mock.api.v1 import wire

COUNT = 1_000_000


@dataclass(frozen=True, slots=True)
class MessageMemory:
    messages: int
    rss_before: int
    rss_after: int
    rss_rendered: int
    """After every message was rendered once (the render cache full, as after paging through)."""

    @property
    def bytes_per_message(self) -> float:
        return (self.rss_rendered - self.rss_before) / self.messages

    @property
    def bytes_per_message_unrendered(self) -> float:
        return (self.rss_after - self.rss_before) / self.messages


def measure(count: int = COUNT) -> MessageMemory:
    store, app_id = new_store()
    fill_conversation(
        store, app_id, "warm-up", 10
    )  # first-use imports and caches are not per message
    gc.collect()
    before = rss_bytes()
    user = fill_conversation(store, app_id, "user", count)
    gc.collect()
    after = rss_bytes()
    assert len(user.default_conversation.messages) == count
    for message in user.default_conversation.messages:
        wire.message_json(message)
    gc.collect()
    rendered = rss_bytes()
    return MessageMemory(count, before, after, rendered)


if __name__ == "__main__":
    result = measure(int(sys.argv[1]) if len(sys.argv) > 1 else COUNT)
    print(
        json.dumps(
            {
                **asdict(result),
                "bytes_per_message": result.bytes_per_message,
                "bytes_per_message_unrendered": result.bytes_per_message_unrendered,
            }
        )
    )
