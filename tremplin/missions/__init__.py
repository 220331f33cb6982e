"""Work missions: clients and prices, mission requests and their weekly slots, assignments
of employees (with the AI placement cap and no double booking), time entries and month
closing, invoices with gap-free numbers, and the planner (planner/, pure Python).

May call people, network, accounts, rules and common."""
