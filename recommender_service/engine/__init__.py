"""Ranking, exploration and artifact code, kept free of HTTP so the CLI, Celery jobs,
benchmarks and the server share one implementation."""
