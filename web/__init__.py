"""Shared web plumbing for the stages that have pages: who is asking, and the page shell.

Serving's review page and annotation's pages must look and behave as one product (one login,
one set of roles, one CSRF scheme, one stylesheet) while neither stage imports the other.
What they share lives here, below both: :mod:`web.security` (roles, permissions, signed
session cookies), :mod:`web.auth` (the permission dependency every protected route uses)
and :mod:`web.pages` (templates on the shared ``base.html``, CSRF checks, the stylesheet).
The app that hosts both is composed above the stages, in ``triage.app``.
"""
