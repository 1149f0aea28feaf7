"""Checking, cleaning and shrinking uploaded photos.

An upload is accepted only when Pillow recognises it as JPEG, PNG or WebP,
within the size limit and a pixel budget (a "decompression bomb" is refused
before it is decoded). It is then rotated as its EXIF orientation says and
re-encoded from its pixels alone — which drops EXIF (GPS position, camera,
time), XMP, ICC and text chunks — as JPEG, or PNG when it has transparency,
at most ``MAX_SIDE`` pixels wide or high, plus a ``THUMB_SIDE`` thumbnail.

Decoding is the costly step, so it is bounded three ways: callers check
everything cheaper first (permission, rate limits, the other fields); the
pixel budget is read from the header before any decoding (``MAX_PIXELS``, a
24-megapixel phone photo); JPEGs are decoded at a reduced scale straight away
(``draft``) and every picture is shrunk before it is copied; and at most
``DECODE_CONCURRENCY`` photos are decoded at once per process, so a burst of
uploads cannot exhaust memory.
Stored file names are random: a person's file name never reaches the storage
(it is only quoted, escaped, in the error message about that file).
"""

from __future__ import annotations

import io
import threading
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 24_000_000  # a 24-megapixel phone photo (6,000 x 4,000); more is refused before decoding
MAX_SIDE = 1600
THUMB_SIDE = 400
DECODE_CONCURRENCY = 2
#: How long an upload waits for a free decoder before the person is asked to try again.
DECODE_WAIT_SECONDS = 20
_decoders = threading.BoundedSemaphore(DECODE_CONCURRENCY)


@dataclass(frozen=True)
class CleanImage:
    image: ContentFile
    thumbnail: ContentFile


def _encode(picture: Image.Image, side: int) -> tuple[bytes, str]:
    copy = picture.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if copy.mode == "RGBA":
        copy.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue(), "png"
    copy.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue(), "jpg"


def _decode(upload) -> Image.Image:
    """The picture upright, at most ``MAX_SIDE`` on its longer side, rebuilt from its pixels alone."""
    with Image.open(upload) as source:
        # A JPEG decodes at 1/2, 1/4 or 1/8 scale for free (no-op for other formats) ...
        source.draft("RGB", (MAX_SIDE, MAX_SIDE))
        # ... and every picture shrinks in place before any copy is made (the EXIF orientation stays).
        source.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        upright = ImageOps.exif_transpose(source)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha else "RGB")
        # Rebuilt from raw pixels: no metadata of the original can survive.
        return Image.frombytes(upright.mode, upright.size, upright.tobytes())


def clean_image(upload) -> CleanImage:
    """Validate an uploaded file and return the cleaned image and its thumbnail (ValidationError if unfit)."""
    name = getattr(upload, "name", "") or ""
    limit = settings.CIVIC_PROPOSAL_IMAGE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)s); a photo may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="image_size",
        )
    unreadable = ValidationError(
        _("%(name)s is not a photo we can read: upload a JPEG, PNG or WebP image.") % {"name": name},
        code="image_type",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise unreadable
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("%(name)s has too many pixels; reduce it below %(limit)d megapixels.")
                    % {"name": name, "limit": MAX_PIXELS // 1_000_000},
                    code="image_pixels",
                )
            probe.verify()
        upload.seek(0)
        if not _decoders.acquire(timeout=DECODE_WAIT_SECONDS):
            raise ValidationError(
                _("The server is busy processing photos. Please try again in a minute."), code="image_busy"
            )
        try:
            pixels = _decode(upload)
        finally:
            _decoders.release()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise unreadable from error
    stem = uuid.uuid4().hex
    data, extension = _encode(pixels, MAX_SIDE)
    thumb, thumb_extension = _encode(pixels, THUMB_SIDE)
    return CleanImage(
        image=ContentFile(data, name=f"{stem}.{extension}"),
        thumbnail=ContentFile(thumb, name=f"{stem}.{thumb_extension}"),
    )
