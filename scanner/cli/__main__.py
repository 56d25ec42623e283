"""`python -m scanner.cli`: the controlmap command."""

import sys

from scanner.cli.main import main

sys.exit(main())
