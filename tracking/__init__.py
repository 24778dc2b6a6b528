"""MLflow plumbing every stage shares: where runs go, provenance, the model registry."""
