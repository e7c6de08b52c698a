"""Building the Word templates from their sources (templates/<soort>/bron.txt), for templates/bouwen.py."""
