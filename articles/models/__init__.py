from .article import Article, ArticleAuthor, ArticleQuerySet, Status, WorkType
from .author import Author, AuthorLink
from .extras import Correction, Quote
from .history import ArticleEvent, Revision
from .region import Region
from .sitepage import SitePage

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleEvent",
    "ArticleQuerySet",
    "Author",
    "AuthorLink",
    "Correction",
    "Quote",
    "Region",
    "Revision",
    "SitePage",
    "Status",
    "WorkType",
]
