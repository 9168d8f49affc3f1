"""Decisions: commitments, the reveal gate, distributions and track records."""
