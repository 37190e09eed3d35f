"""`python -m macros`: the content command line."""

import sys

from .cli import main

sys.exit(main())
