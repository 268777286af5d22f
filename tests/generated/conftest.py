"""Generated-layer tests import their helpers (payloads.py) by name, under any pytest import mode."""

import sys
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))
