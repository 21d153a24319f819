"""HTTP clients for OpenTok's internal services (used by the gateway and the workers)."""
