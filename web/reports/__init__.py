"""Learning reports: one pilot's storyboard and the programme report, as pages, downloads and
API answers in Markdown, HTML or JSON, each stamped so that it can be built again exactly."""
