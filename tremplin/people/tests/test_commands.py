import datetime
import os
from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command

from tremplin.conftest import pinned_today
from tremplin.people.models import DiagnosisCriterion

from .conftest import make_approval, make_eligible

TODAY = pinned_today()  # the day every test is pinned to (tremplin/conftest.py)


def test_worklist_daily_prints_each_structure(world, person):
    make_approval(world, person, TODAY - datetime.timedelta(days=700))
    out = StringIO()
    call_command("worklist_daily", stdout=out)
    assert "AI du Rhône" in out.getvalue()
    assert "structures" in out.getvalue()


def test_purge_proofs_deletes_expired_ones_only(world, person, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    diagnosis = make_eligible(world, person, TODAY - datetime.timedelta(days=10))
    criterion = diagnosis.criteria.get()
    criterion.proof.save("rsa.pdf", ContentFile(b"%PDF-1.4"), save=False)
    criterion.proof_keep_until = TODAY - datetime.timedelta(days=1)
    criterion.save()
    path = criterion.proof.path
    call_command("purge_proofs", "--dry-run", stdout=StringIO())
    assert DiagnosisCriterion.objects.get().proof
    call_command("purge_proofs", stdout=StringIO())
    assert not DiagnosisCriterion.objects.get().proof
    assert not os.path.exists(path)
