"""The demo's group certification: its cycle, its recorded samples, expiring certificates."""

import datetime

from stdnum import luhn

from tremplin.conftest import make_structure
from tremplin.quality import cycle
from tremplin.quality.models import Audit, AuditSite, Certification
from tremplin.quality.parts import demo_groups


def test_the_demo_group_certification(federation_user, world, today):
    structures = [
        make_structure(
            actor=federation_user,
            name=f"Démo {i:02d}",
            siret=(stem := f"73282932002{i:02d}") + luhn.calc_check_digit(stem),
        )
        for i in range(11)
    ]
    counts = demo_groups.seed(structures=structures, seed=42, today=today)
    assert counts == {"certifications": 2, "audits": 5}
    assert demo_groups.seed(structures=structures, seed=42, today=today) == {}  # once
    group = Certification.objects.get(name=demo_groups.GROUP_NAME)
    assert group.status == "certified" and group.sites.count() == 10
    stage2, surveillance = Audit.objects.filter(certification=group).order_by("starts_on")
    assert stage2.status == surveillance.status == "decided"
    # √10 → 4 sites at the initial audit, 0.6·√10 → 2 in surveillance; the central function.
    assert AuditSite.objects.filter(audit=stage2).count() == 5
    assert AuditSite.objects.filter(audit=surveillance).count() == 3
    assert surveillance.sampling_seed == 43
    state = cycle.cycle_state(group, group.audits.all())
    assert state.late_surveillance(today) is None
    assert state.next_due().number == 2
    expiring = Certification.objects.get(structure=structures[10])
    assert expiring.status == "certified"
    assert expiring.expires_on - today < datetime.timedelta(days=30)
    assert not cycle.cycle_state(expiring, expiring.audits.all()).late(today)
