"""The `programme` read model: the figures across pilots that `/learning`, the learning summary
and the dashboard lead with, kept by the runner so that a request reads them rather than works
them out from every row of the programme."""
