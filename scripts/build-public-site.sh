#!/usr/bin/env bash
# Build the public status page and prove that nothing internal reached it.
#
#   scripts/build-public-site.sh [SITE_DIR] [RECORDS]     (defaults: site-public incidents)
#
# CI runs exactly this before handing the site to GitHub Pages (publish.yml) and for the pull request
# preview (pull-request.yml); tests/test_workflows.py runs it against the example records. Only
# mkdocs.public.yml is built here: the internal site (mkdocs.yml) must never reach a public host.
set -euo pipefail

site_dir="${1:-site-public}"
records="${2:-incidents}"

mkdocs build --strict -f mkdocs.public.yml -d "$site_dir"
incidentbook leakscan "$site_dir" --records "$records"
