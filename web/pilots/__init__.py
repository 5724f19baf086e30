"""Pilots: registering one, the pilot page and the pilot as the API reads it (now, or as it
stood at a version or a moment), the list of pilots, the idea and the pilot's status."""
