"""`python -m macros`: the content command line."""

import sys

from handbook.cli import main

sys.exit(main())
