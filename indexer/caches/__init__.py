"""Process-wide caches: bounded caches and values kept per live object, declared in one registry."""
