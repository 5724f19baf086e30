"""Where ideas come from, on the web: stories, and workshops with their principles, framing
questions and ideas (`domain.origins`), as API routes, forms and pages."""
