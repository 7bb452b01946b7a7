"""`python -m smooch_mock` runs the CLI."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the command is still loading: no traceback
    sys.exit(130)

sys.exit(main())
