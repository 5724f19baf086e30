"""The measures read model: each pilot's measures, their points (every value ever recorded,
so a chart can be shown as it stood), their phases, and the pilot's log as annotations."""
