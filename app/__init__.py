"""Nabij: asset-based community mapping for Dutch neighbourhoods."""
