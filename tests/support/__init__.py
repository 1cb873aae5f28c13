"""Helpers the tests import (fixtures live in conftest.py files). A test module imports helpers from
here or from tests/factories/, never from another test module or from bench/."""
