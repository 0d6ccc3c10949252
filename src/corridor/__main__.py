"""``python -m corridor`` runs the command line."""

import os
import sys

from corridor.cli import main

try:
    main()
except SystemExit as exc:
    if exc.code in (130, 143):
        # Interrupted: the one line is printed and nothing is left. Leave now, so that the
        # interpreter's own handling of a KeyboardInterrupt under ``-m`` (which can end the
        # process by SIGINT, status -2, instead of 130) does not apply.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.code)
    raise
