"""The ASP exit reasons and their categories, as of this migration (see
tremplin/people/asp/reference.py for their sources). A later change of the list is a new
migration, so that past exits keep the reason they were recorded with."""

from django.db import migrations

EXIT_REASONS = [
    ('CDI', 'Embauche en CDI', 'durable'),
    ('CDD_6M_PLUS', 'Embauche en CDD de 6 mois ou plus, sans aide publique', 'durable'),
    ('INTERIM_6M_PLUS', "Missions d'intérim de 6 mois ou plus", 'durable'),
    ('FONCTION_PUBLIQUE', 'Stage ou titularisation dans la fonction publique', 'durable'),
    ('CREATION_ENTREPRISE', "Création ou reprise d'entreprise", 'durable'),
    ('CDD_MOINS_6M', 'Embauche en CDD de moins de 6 mois, sans aide publique', 'transition'),
    ('INTERIM_MOINS_6M', "Missions d'intérim de moins de 6 mois", 'transition'),
    ('CONTRAT_AIDE', 'Contrat aidé chez un employeur de droit commun (PEC, CUI…)', 'transition'),
    ('FORMATION_QUALIFIANTE', 'Entrée en formation qualifiante', 'positive'),
    ('FORMATION_PRE_QUALIFIANTE', 'Entrée en formation pré-qualifiante', 'positive'),
    ('AUTRE_SIAE', "Embauche dans une autre structure de l'IAE", 'positive'),
    ('CHOMAGE', "Au chômage, en recherche d'emploi", 'other'),
    ('INACTIVITE', 'Inactivité', 'other'),
    ('SANS_NOUVELLES', 'Sans nouvelles', 'other'),
    ('AUTRE', 'Autre motif', 'other'),
    ('DECES', 'Décès', 'withdrawn'),
    ('DEMENAGEMENT', 'Déménagement', 'withdrawn'),
    ('SANTE', 'Maladie, invalidité ou problème de santé empêchant la poursuite du parcours', 'withdrawn'),
    ('INCARCERATION', 'Incarcération', 'withdrawn'),
    ('RETRAITE', 'Départ à la retraite', 'withdrawn'),
]


def load(apps, schema_editor):
    ExitReason = apps.get_model("people", "ExitReason")
    for code, label, category in EXIT_REASONS:
        ExitReason.objects.update_or_create(code=code, defaults={"label": label, "category": category})


class Migration(migrations.Migration):
    dependencies = [("people", "0002_no_overlaps_on_postgresql")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
