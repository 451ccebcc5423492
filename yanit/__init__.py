"""yanit — self-hostable customer-service platform for online stores."""

__version__ = "0.1.0"
