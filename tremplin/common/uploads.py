"""Uploads refused past a size while they arrive, so that a huge file is neither held in
memory nor written to disk whole (Django's own handlers take any size)."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitedUploadHandler(FileUploadHandler):
    """First in the request's handler chain: skips a file past `limit` bytes (the next
    handlers close and delete what they had) and says so in `request.upload_too_large`.
    The view must set it before the body is read (csrf_exempt then csrf_protect, as Django's
    documentation on upload handlers says)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        request.upload_too_large = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the file


def limit_uploads(request, limit: int) -> bool:
    """Put the handler in front; False when the request announces a body past the limit
    (then read nothing of it). A little room is left for the form's other fields."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit + 64 * 1024:
        request.upload_too_large = True
        return False
    request.upload_handlers.insert(0, SizeLimitedUploadHandler(request, limit))
    return True
