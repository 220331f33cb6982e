"""API of the missions pages' actions, by subject (clients and requests, hours, invoices).

The same services as the pages, called by keyword: the role is checked there (a French 403),
the rows are looked up through `for_user` (a French 404 for another structure's)."""
