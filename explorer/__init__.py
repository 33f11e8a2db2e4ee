"""Article Explorer: turn a news article into tidy tables of dates, people, places, events and claims."""
from .article import Article, Block, from_bytes, from_text, load_article
from .errors import ExplorerError

__version__ = "0.1.0"
__all__ = ["Article", "Block", "ExplorerError", "from_bytes", "from_text", "load_article", "__version__"]
