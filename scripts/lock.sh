#!/usr/bin/env bash
# Re-pins the container image's dependencies from pyproject.toml: `make lock`.
#   requirements/runtime.lock  [project.dependencies], what the image runs
#   requirements/build.lock    [build-system.requires], what builds factbot's wheel in the image
# Both with every file's sha256 from PyPI, so the Dockerfile installs them with --require-hashes
# (and fails, rather than resolving on its own, if a pin or hash is missing).
# pip-compile runs in a throwaway virtualenv against PyPI alone: this machine's pip
# configuration (local mirrors, constraints) is ignored so the hashes are PyPI's.
# Upgrade everything: `make lock LOCK_ARGS=--upgrade`; one package: LOCK_ARGS='-P numpy'.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT
"$python" -m venv "$tools"
"$tools/bin/pip" install --quiet --index-url https://pypi.org/simple 'pip-tools>=7.4,<8'
export CUSTOM_COMPILE_COMMAND="make lock"
compile() {
  # shellcheck disable=SC2086 # LOCK_ARGS is a list of options
  "$tools/bin/pip-compile" --quiet --resolver=backtracking --index-url https://pypi.org/simple \
    --no-emit-index-url --no-emit-find-links --generate-hashes --strip-extras --allow-unsafe \
    ${LOCK_ARGS:-} "$@" pyproject.toml
}
compile --output-file requirements/runtime.lock
compile --output-file requirements/build.lock --only-build-deps --build-deps-for wheel
# A note above pip-compile's own header (pip-compile keeps reading the file as before).
for lock in runtime build; do
  file=requirements/$lock.lock
  { echo "# factbot's container image, $lock dependencies: the Dockerfile installs this file with"
    echo "# pip --require-hashes. Regenerate it with \`make lock\` (scripts/lock.sh); never edit it by hand."
    grep -v "^# factbot's container image\|^# pip --require-hashes" "$file"; } > "$file.new"
  mv "$file.new" "$file"
done
echo "wrote requirements/runtime.lock and requirements/build.lock ($("$python" --version))"
