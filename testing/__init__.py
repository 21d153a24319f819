"""Test and tooling support: the platform harness, data setup, sample uploads, benchmarks."""
