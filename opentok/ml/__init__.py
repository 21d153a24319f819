"""Shared training plumbing: versioned artifact folders, metrics files and the model registry."""
