"""The recommender service: a builder that turns the database into a versioned artifact
(`engine.build`) and a FastAPI server (`app`) that only reads the active artifact."""
