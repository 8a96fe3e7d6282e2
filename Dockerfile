# factbot in a container: `docker build -t factbot .`, then
#   docker run --rm factbot ask "when did kim kardashian sit down with donald trump"        (no token, no network needed)
#   docker run -d -e DISCORD_TOKEN_FILE=/run/secrets/discord_token ... factbot   (the Discord bot)
# docs/container.md explains every setting; compose.yaml is a ready-made deployment.
#
# Two stages: `build` resolves nothing (every dependency is pinned with hashes in
# requirements/*.lock, `make lock` re-pins) and builds factbot's wheel; `runtime` gets only
# the virtualenv, the wheel's files and the fact base. Layers go from least to most often
# changed: dependencies, then the package, then the facts.

# ---------------------------------------------------------------------------------------------
FROM python:3.12-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PIP_NO_INPUT=1
WORKDIR /src

# Dependencies first, from the lock file alone, so editing the source reuses this layer.
# Wheels only (--only-binary): the build needs no compiler and fails loudly, instead of
# compiling, on a platform without wheels. --require-hashes also fails the build if the lock
# misses a dependency for this Python. numpy's own test suite (17 MB, never imported at run
# time) is left out. So is the Hugging Face hub client (30 MB with what only it needs):
# tokenizers declares it for downloading tokenizers, but factbot reads its own model's files
# and never imports it (requirements/hub-only.txt, kept in step with the lock by a test).
COPY requirements/runtime.lock requirements/build.lock requirements/hub-only.txt requirements/
RUN python -m venv --without-pip /opt/venv \
 && python -m venv /opt/build-tools \
 && /opt/build-tools/bin/pip install --require-hashes --only-binary=:all: \
        -r requirements/build.lock \
 && /opt/build-tools/bin/pip --python /opt/venv/bin/python install \
        --require-hashes --only-binary=:all: -r requirements/runtime.lock \
 && /opt/build-tools/bin/pip --python /opt/venv/bin/python uninstall --yes \
        -r requirements/hub-only.txt \
 && find /opt/venv -depth -type d -path '*/site-packages/numpy/*' -name tests -exec rm -rf {} +

# factbot itself: a wheel built offline with the pinned setuptools, installed under its own
# prefix so the runtime stage can lay it over the dependencies as a small layer of its own.
# README.m[d]: the readme is copied when there is one (setuptools only warns without it).
COPY pyproject.toml README.m[d] ./
COPY bot/ bot/
RUN /opt/build-tools/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /wheels . \
 && /opt/build-tools/bin/pip --python /opt/venv/bin/python install \
        --no-deps --no-index --prefix /opt/factbot /wheels/factbot-*.whl

# ---------------------------------------------------------------------------------------------
FROM python:3.12-slim AS runtime

# A fixed, non-root uid (Kubernetes' runAsNonRoot can check a number, not a name), and the
# state directory (FACTBOT_STATE_DIR) outside /tmp, mode 1777 like /tmp: writable by any
# --user, and a tmpfs or a named volume mounted there inherits that mode (podman's
# --read-only puts a tmpfs on /tmp whose copy of a directory in it loses the mode).
ARG UID=10001
RUN groupadd --gid "${UID}" factbot \
 && useradd --uid "${UID}" --gid factbot --no-create-home --no-log-init \
        --home-dir /nonexistent --shell /usr/sbin/nologin factbot \
 && install -d -m 1777 /var/lib/factbot

# PYTHONDONTWRITEBYTECODE: the .pyc files were compiled at install; a read-only root could
# not take new ones anyway.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    FACTBOT_DATA_DIR=/app/data \
    FACTBOT_STATE_DIR=/var/lib/factbot \
    FACTBOT_HEALTH_PORT=8080

COPY --from=build /opt/venv/ /opt/venv/
COPY --from=build /opt/factbot/ /opt/venv/
# The fact base, owned by root and read-only to the bot; mount your own over /app/data (or
# over /app/data/facts and /app/data/seeds) to answer from it instead.
COPY facts/ /app/data/facts/
COPY seeds/ /app/data/seeds/

WORKDIR /app
USER ${UID}:${UID}

# The health server (FACTBOT_HEALTH_PORT) listens on 127.0.0.1 by default, inside the
# container, so nothing is EXPOSEd: set FACTBOT_HEALTH_HOST=0.0.0.0 and publish the port to
# scrape /metrics from outside (docs/container.md).
# Standard library only (no curl in the image): exit 0 on HTTP 200, else 1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:' + os.environ['FACTBOT_HEALTH_PORT'] + '/healthz', timeout=4).status != 200)"]

# `docker stop` sends SIGTERM; the bot closes its gateway connection and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["factbot"]
CMD ["run"]
