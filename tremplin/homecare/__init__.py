"""Proxim'Services: home services (services à la personne, SAP) on top of missions.

A household is a `missions` client of kind household; an intervention is a `missions`
assignment, with its checks, hours, invoices and payments. This app adds what is specific
to SAP: the declaration and its activities, the service catalogue, the household file,
quotes, recurring interventions, the immediate advance, tax attestations, NOVA figures
and the brand's licences."""
