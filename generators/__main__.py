"""`python -m generators` is the `handbook` command."""

import sys

from generators.cli import main

sys.exit(main())
