"""PDSA cycles: plan one (with its predictions), start it (which locks them), do, study each
result against its prediction, and act."""
