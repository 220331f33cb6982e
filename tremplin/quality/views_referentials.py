"""Pages of the référentiels: the list, one version with its chapters and requirements, and
the federation's upload of a new version. parse → access → one service or selector → render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from tremplin.common.uploads import limit_uploads

from . import rules_referentials as rules
from . import selectors_referentials as selectors
from .forms_referentials import ReferentialUploadForm
from .services.referentials import referential_load


@login_required
def referential_list(request):
    if not rules.can_read_referentials(request.user):
        raise Http404
    return render(
        request,
        "quality/referentials/list.html",
        {
            "referentials": list(selectors.referential_list()),
            "can_load": rules.can_load_referential(request.user),
        },
    )


@login_required
def referential_detail(request, pk):
    referential = rules.access_referential(request.user, pk)
    return render(
        request,
        "quality/referentials/detail.html",
        {"referential": referential, "chapters": selectors.referential_chapters(referential)},
    )


@csrf_exempt  # the upload handler goes in before the body is read; CSRF checked below
@login_required
def referential_upload(request):
    if not rules.can_load_referential(request.user):
        raise Http404
    if request.method == "POST" and not limit_uploads(
        request, settings.QUALITY_REFERENTIAL_MAX_BYTES
    ):
        form = ReferentialUploadForm({}, {}, too_large=True)
        return render(request, "quality/referentials/upload.html", {"form": form}, status=200)
    return csrf_protect(_referential_upload)(request)


def _referential_upload(request):
    posted = request.method == "POST"
    form = ReferentialUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        too_large=getattr(request, "upload_too_large", False),
    )
    errors = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            referential = referential_load(content=upload.read(), filename=upload.name)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("%(title)s (version %(version)s) is loaded and is now the current version.")
                % {"title": referential.title, "version": referential.version},
            )
            return redirect("quality:referential_detail", pk=referential.pk)
    return render(request, "quality/referentials/upload.html", {"form": form, "errors": errors})
