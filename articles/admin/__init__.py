from .article import ArticleAdmin, BylineInline, CorrectionInline, QuoteInline, StoryChildInline
from .history import ArticleEventAdmin
from .media import MediaImageAdmin
from .people import AuthorAdmin, RegionAdmin, SitePageAdmin
from .tags import TagAdmin

__all__ = [
    "ArticleAdmin",
    "ArticleEventAdmin",
    "AuthorAdmin",
    "BylineInline",
    "MediaImageAdmin",
    "CorrectionInline",
    "QuoteInline",
    "RegionAdmin",
    "SitePageAdmin",
    "StoryChildInline",
    "TagAdmin",
]
