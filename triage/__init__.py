"""The top of the house: the `triage` command, which imports each stage's commands."""
