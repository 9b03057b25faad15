"""Figures for planners: aggregates, gaps and collective signals, pure functions over plain data."""
