"""The structure's quality home gathers its certification, audits and open nonconformities."""

from django.urls import reverse

from .audits_helpers import major_finding, planned_audit


def _login(client, world, role):
    client.force_login(world.user(role))


def test_the_quality_home_shows_the_certification_audits_and_open_findings(client, world):
    audit = planned_audit(world)
    finding = major_finding(world, audit)
    other = planned_audit(world, world.other)
    major_finding(world, other)
    _login(client, world, "director")
    page = client.get(reverse("quality:structure_home")).content.decode()
    assert reverse("quality:certification_detail", args=[audit.certification_id]) in page
    assert reverse("quality:audit_detail", args=[audit.pk]) in page
    assert f"#finding-{finding.pk}" in page
    assert "Non-conformité majeure" in page
    # Nothing of the other structure's certification or audit.
    assert reverse("quality:audit_detail", args=[other.pk]) not in page
    assert reverse("quality:certification_detail", args=[other.certification_id]) not in page


def test_a_closed_finding_leaves_the_open_list(client, world):
    audit = planned_audit(world)
    finding = major_finding(world, audit)
    finding.status = "closed"
    finding.save(update_fields=["status"])
    _login(client, world, "director")
    page = client.get(reverse("quality:structure_home")).content.decode()
    assert f"#finding-{finding.pk}" not in page
    assert "Aucune non-conformité ouverte." in page
