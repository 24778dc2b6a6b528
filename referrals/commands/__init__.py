"""Subcommands of the triage CLI that live in the shared core."""
