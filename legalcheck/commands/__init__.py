"""Click commands registered by legalcheck.cli."""
