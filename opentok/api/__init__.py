"""Web plumbing shared by the gateway and the services."""
