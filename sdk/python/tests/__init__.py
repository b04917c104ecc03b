"""Tests run from sdk/python with `python3 -m unittest`; they import the package from src/ (or an installed copy)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src"))
