from .article import Article, ArticleAuthor, ArticleQuerySet, Status, WorkType
from .author import Author, AuthorLink
from .autosave import Autosave
from .extras import Correction, Quote
from .history import ArticleEvent, Revision
from .media import MediaImage
from .record import ArticleRedirect, PublishedVersion
from .region import Region
from .sitepage import SitePage

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleEvent",
    "ArticleQuerySet",
    "ArticleRedirect",
    "Author",
    "Autosave",
    "AuthorLink",
    "Correction",
    "MediaImage",
    "PublishedVersion",
    "Quote",
    "Region",
    "Revision",
    "SitePage",
    "Status",
    "WorkType",
]
