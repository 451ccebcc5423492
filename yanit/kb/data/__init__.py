"""Knowledge base content shipped with yanit: the demo store's FAQ (also the bot's evaluation
knowledge base, see bench/kb_eval)."""
