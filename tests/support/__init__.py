"""Helpers several test folders share (not fixtures: those live in conftest.py files)."""
