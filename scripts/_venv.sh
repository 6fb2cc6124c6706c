# Sourced by scripts/run and scripts/test: make and use the project-local virtual environment `.venv`,
# so set-up works where the system Python refuses global installs (PEP 668, Debian 12 / Ubuntu 24.04).
# The install is redone only when pyproject.toml (or the extras asked for) changed since the last one.
# Usage: policykg_venv EXTRAS   (e.g. "" or "[dev]")
policykg_venv() {
  local extras="$1" py="${POLICYKG_PYTHON:-}"
  if [ -z "$py" ]; then
    for candidate in python3.11 python3; do
      if command -v "$candidate" >/dev/null 2>&1; then py="$candidate"; break; fi
    done
  fi
  if [ -z "$py" ]; then
    echo "scripts: no python3 found; install Python 3.11 (Debian: apt-get install python3 python3-venv)" >&2
    return 1
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "scripts: creating .venv with $("$py" --version 2>&1)" >&2
    if ! "$py" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "scripts: installing Debian's python3-venv" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$py" -m venv .venv
      else
        echo "scripts: '$py -m venv' failed; install the venv module (Debian: apt-get install python3-venv)" >&2
        return 1
      fi
    fi
  fi
  local stamp=".venv/.policykg-installed" want
  want="$(cat pyproject.toml | sha1sum | cut -d' ' -f1) $extras"
  # An install with [dev] also serves a plain one (scripts/run after scripts/test installs nothing).
  if [ ! -f "$stamp" ] || { [ "$(cat "$stamp")" != "$want" ] && [ "$(cat "$stamp")" != "${want% *} [dev]" ]; }; then
    echo "scripts: installing policykg$extras into .venv" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
    echo "$want" > "$stamp"
  fi
  export PATH="$PWD/.venv/bin:$PATH"
  export VIRTUAL_ENV="$PWD/.venv"
}
