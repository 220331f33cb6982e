from tremplin.common.routes import Access, Route

ROUTES = {
    # Monitoring: public, answers counts and times only (no personal data).
    "healthz": Route(Access.PUBLIC),
}
