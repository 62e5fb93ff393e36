"""Use cases. Each owns its transaction boundary and takes the clock as an argument."""
