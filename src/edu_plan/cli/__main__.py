"""``python -m edu_plan.cli``."""

import sys

from edu_plan.cli import main

sys.exit(main())
