"""Pages of missions by subject: clients and requests, a request's assignments, the week
and the planner's proposal, prices, hours and payroll (the invoices' pages are in
invoice_views, the employee's space in employee_views)."""
