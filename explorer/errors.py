"""Typed exceptions raised by the API; the CLI turns each into a one-line error and exit status 2."""
from __future__ import annotations


class ExplorerError(Exception):
    """Base class of every error Article Explorer raises on purpose."""


class ArticleError(ExplorerError):
    """An article file cannot be used. ``path`` names the file."""

    def __init__(self, path, message: str):
        self.path = str(path)
        super().__init__(f"{path}: {message}")


class ArticleNotFound(ArticleError):
    """The path does not exist or is not a regular file."""


class EmptyArticle(ArticleError):
    """The file holds no text (nothing but whitespace)."""


class BinaryArticle(ArticleError):
    """The file looks like binary data (NUL bytes or many control characters)."""


class ArticleDecodeError(ArticleError):
    """The file is not valid UTF-8 text."""


class ArticleTooLarge(ArticleError):
    """The file is larger than the limit (``MAX_BYTES`` in ``explorer.article``)."""


class MetadataError(ArticleError):
    """The ``.meta.json`` sidecar or a ``--published`` value is malformed."""


class ContextError(ExplorerError):
    """A corroboration context CSV is missing or malformed."""


class HtmlArticle(ArticleError):
    """A web page cannot be used as an article (the base of the web-page errors)."""


class NoArticleInPage(HtmlArticle):
    """The web page holds no article body (an empty page, an index page, a login wall)."""


class CompressedArticle(BinaryArticle):
    """The file is compressed (gzip) and does not decompress to an article within the size limit."""


class OutputError(ExplorerError):
    """An output cannot be written where asked (it would overwrite an input, or the path is taken)."""
