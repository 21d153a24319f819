"""HTTP clients for the internal services (moderation, recommender)."""
