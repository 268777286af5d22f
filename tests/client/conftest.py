from __future__ import annotations

import sys
from pathlib import Path

# Importable under any pytest import mode.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))
