"""OpenTok's shared package: settings, schema, storage and clients used by every service."""
