"""The co-creation map and a story's trail, as the API answers them and as pages: read from the
origins read model (`projections.origins`)."""
