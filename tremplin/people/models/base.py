from tremplin.accounts.tenancy import Level, TenantQuerySet


class PersonalQuerySet(TenantQuerySet):
    """Rows hanging off a person: scoped through the person's structure."""

    tenant_path = "person__structure_id"
    tenant_level = Level.PERSONAL
    person_path = "person_id"
