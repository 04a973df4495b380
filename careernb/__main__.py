import sys

from careernb.cli import main

sys.exit(main())
