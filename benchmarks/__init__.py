"""Benchmarks: programs that print figures (`make bench` runs them all); tests never time."""
