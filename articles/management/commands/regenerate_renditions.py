"""`manage.py regenerate_renditions`: make every image's renditions again.

Run it after changing IMAGE_RENDITION_WIDTHS, IMAGE_CROP_WIDTH,
IMAGE_AUTHOR_SIZES or the logo settings (missing renditions are made), with
`--force` after a change of the pipeline itself (every rendition is rewritten
under the same name). `--prune` then deletes files under MEDIA_ROOT that nothing
uses: not an image of the media library or an author, not one of their
renditions, not the logo's, and not named anywhere in a published version
(frozen pages keep their images).
"""

import re
from urllib.parse import unquote

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from articles.models import Author, MediaImage, PublishedVersion
from articles.renditions import expected_renditions, image_field, image_renditions
from newsroom.images import site_logo

IMAGE_DIRECTORIES = ("articles", "authors", "media", "renditions")
MEDIA_NAME = re.compile(r"(?:articles|authors|media|renditions)/[^\s\"'<>,)]+")


def walk(directory: str):
    """Every file name under `directory` in the default storage."""
    if not default_storage.exists(directory):
        return
    subdirectories, files = default_storage.listdir(directory)
    for name in files:
        yield f"{directory}/{name}"
    for sub in subdirectories:
        yield from walk(f"{directory}/{sub}")


class Command(BaseCommand):
    help = "Make missing image renditions (all of them with --force); --prune removes orphans."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rewrite every rendition.")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Delete image files no row and no published version uses.",
        )

    def handle(self, *args, force=False, prune=False, **options):
        written = failed = 0
        used = set()
        rows = [
            *MediaImage.objects.iterator(),
            *Author.objects.exclude(photo="").iterator(),
        ]
        for instance in rows:
            try:
                written += len(image_renditions(instance, force=force))
            except OSError as exc:
                failed += 1
                self.stderr.write(str(exc))
            used.add(image_field(instance).name)
            used.update(expected_renditions(instance))
        logo = site_logo()
        if logo:
            used |= set(logo["files"])
        self.stdout.write(f"{written} renditions written, {failed} images unreadable.")
        if prune:
            used |= self.named_by_versions()
            removed = 0
            for directory in IMAGE_DIRECTORIES:
                for name in list(walk(directory)):
                    if name not in used:
                        default_storage.delete(name)
                        removed += 1
            self.stdout.write(f"{removed} unused files deleted.")
        if failed:
            raise SystemExit(1)

    @staticmethod
    def named_by_versions() -> set[str]:
        """Media names any published version links or records (never deleted)."""
        names = set()
        fields = ("bodies", "json_ld", "card", "content")
        for values in PublishedVersion.objects.values_list(*fields).iterator():
            text = unquote(" ".join(str(value) for value in values))
            names.update(MEDIA_NAME.findall(text))
        return names
