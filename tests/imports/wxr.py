"""Build WordPress exports (WXR) for the import tests: invented regional stories."""

from xml.sax.saxutils import escape

SITE = "https://ancien-site.example"


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login, name, email="", first="", last=""):
    return f"""
    <wp:author><wp:author_id>1</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>
    <wp:author_email>{cdata(email)}</wp:author_email>
    <wp:author_display_name>{cdata(name)}</wp:author_display_name>
    <wp:author_first_name>{cdata(first)}</wp:author_first_name>
    <wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>"""


def category(slug, name):
    return f"""
    <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename>
    <wp:category_parent>{cdata("")}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name>
    </wp:category>"""


def tag(slug, name):
    return f"""
    <wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>
    <wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>"""


def item(
    post_id,
    title,
    *,
    content="<p>La digue a tenu.</p>",
    excerpt="",
    slug=None,
    status="publish",
    post_type="post",
    creator="mlebas",
    date="2019-03-14 09:30:00",
    date_gmt="2019-03-14 08:30:00",
    categories=(),
    tags=(),
    meta=None,
    attachment_url="",
    link=None,
):
    slug = slug if slug is not None else f"article-{post_id}"
    y, m, d = date[:4], date[5:7], date[8:10]
    link = link if link is not None else f"{SITE}/{y}/{m}/{d}/{slug}/"
    terms = "".join(
        f'<category domain="{domain}" nicename="{s}">{cdata(n)}</category>'
        for domain, pairs in (("category", categories), ("post_tag", tags))
        for s, n in pairs
    )
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{cdata(k)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    return f"""
    <item>
      <title>{escape(title)}</title>
      <link>{escape(link)}</link>
      <pubDate>Thu, 14 Mar 2019 08:30:00 +0000</pubDate>
      <dc:creator>{cdata(creator)}</dc:creator>
      <guid isPermaLink="false">{SITE}/?p={post_id}</guid>
      <description></description>
      <content:encoded>{cdata(content)}</content:encoded>
      <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date>{cdata(date)}</wp:post_date>
      <wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>
      <wp:post_modified>{cdata(date)}</wp:post_modified>
      <wp:post_modified_gmt>{cdata(date_gmt)}</wp:post_modified_gmt>
      <wp:comment_status>{cdata("open")}</wp:comment_status>
      <wp:post_name>{cdata(slug)}</wp:post_name>
      <wp:status>{cdata(status)}</wp:status>
      <wp:post_parent>0</wp:post_parent>
      <wp:menu_order>0</wp:menu_order>
      <wp:post_type>{cdata(post_type)}</wp:post_type>
      <wp:post_password>{cdata("")}</wp:post_password>
      <wp:is_sticky>0</wp:is_sticky>
      {f"<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>" if attachment_url else ""}
      {terms}{metas}
    </item>"""


def export(*parts, version="1.2"):
    """A whole export: `parts` are author(), category(), tag() and item() strings."""
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/{version}/"
  xmlns:yoast="http://example.org/unknown-plugin/">
<channel>
  <title>Le Courrier du Bocage</title>
  <link>{SITE}</link>
  <language>fr-FR</language>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <yoast:extra>ignored</yoast:extra>
  {"".join(parts)}
</channel>
</rss>
"""
