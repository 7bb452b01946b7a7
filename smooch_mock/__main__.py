"""`python -m smooch_mock` runs the CLI."""

import sys

from .cli import main

sys.exit(main())
