"""Gradio chat front end, mounted by the API server at /ui."""
