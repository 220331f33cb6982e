"""Tremplin: the information system of a network of insertion enterprises (SIAE)."""
