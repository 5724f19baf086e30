"""The team: adding someone by their account's email with a role, and removing someone. Only a
lead changes the team, and the team always keeps a lead."""
