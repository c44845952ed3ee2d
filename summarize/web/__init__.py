"""``summarize serve``: a local web page doing what the CLI does, for staff who work in Word and Excel only.

:func:`summarize.web.app.create_app` builds the application for a workspace folder; the CLI runs it with uvicorn
on 127.0.0.1.
"""
