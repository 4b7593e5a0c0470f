"""Widgets shared by the window and its pages: help strip, step list, hash label, thumbnails, image editor."""
