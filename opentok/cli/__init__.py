"""The `opentok` command: run the platform, migrate, create the first admin."""
