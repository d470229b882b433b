"""pydantic v2 models: rules, designations, engagements and results."""
