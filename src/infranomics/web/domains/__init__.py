"""Web domains: one module per model domain, each exporting ``DOMAIN`` (router + pages).

See :mod:`infranomics.web.registry` for how a module adds itself.
"""
