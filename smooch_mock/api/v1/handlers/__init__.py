"""Request handlers: parse the call, run one store operation, answer with Smooch's JSON."""
