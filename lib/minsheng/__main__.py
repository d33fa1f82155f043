"""``python -m minsheng``: the same command line as the ``minsheng`` script."""

import sys

from minsheng.cli import main

sys.exit(main())
