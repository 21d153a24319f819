"""Moderation concepts shared by the gateway, the workers and the moderation service."""
