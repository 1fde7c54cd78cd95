"""The ASGI server: settings, the app factory, and what the API and the web pages share.

The factory (`server.app.create_app`) is the composition root: it is the one module that imports both
`api` and `web`; they import only the shared pieces here (authentication, CSRF, errors, app state)
and never each other.
"""
