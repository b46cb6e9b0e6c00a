"""The site's own pages: the front page, the installable app's files, the health check."""
