"""Renderers: visits, problems and reports to Rich renderables or text. Nothing here prints."""
