#!/bin/sh
# Entry point of the web container: migrate, publish static files for nginx, then
# exec the command (the uvicorn line from the Dockerfile or compose) as PID 1 so it
# receives SIGTERM directly.
set -eu

# This image runs production settings only; dev settings switch MFA off for staff.
export DJANGO_SETTINGS_MODULE=config.settings.production
cd /app

# Several web replicas starting at once would race here; scale with uvicorn workers
# or run migrations once before scaling (docs/deployment.md).
python manage.py migrate --noinput

# nginx serves /static/ from the shared volume at /srv/static. The image's collected
# files are copied over it on every start so a new release's manifest and hashed files
# replace the old ones; older hashed files stay for pages still cached by browsers.
if [ -d /srv/static ]; then
    if [ -w /srv/static ]; then
        cp -R "${DJANGO_STATIC_ROOT:-/app/var/static}/." /srv/static/
    else
        echo "web.sh: /srv/static is not writable by $(id -un); nginx will serve stale static files" >&2
    fi
fi

exec "$@"
