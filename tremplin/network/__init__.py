"""The network: territories (régions, départements, communes), member structures, groups
(GES / ensembliers), regional delegations, membership and dues, and the public directory.

May call accounts and common; never imports people, missions or later apps."""
