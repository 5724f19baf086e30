"""`python -m web.cli`, the same as the `pilots` script."""

import sys

from web.cli import main

sys.exit(main())
