"""Declare, update and resolve incidents from GitHub events: a workflow_dispatch form, an issue form and
``/incident`` comments (docs/publishing.md, "Declaring from a phone").

Everything here is plain data in, plain data out, with no MkDocs and no shell: the event payload is
read as JSON, every title and message goes to the record editor as a Python string, and nothing of it
is ever interpolated into a command.
"""
