"""A minimal PEP 517 backend (wheels only) for a pure-Python package under src/, needing nothing but the
standard library, so installing the SDK never needs the network."""
from __future__ import annotations

import base64
import hashlib
import os
import re
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAG = "py3-none-any"


def _project():
    text = open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8").read()
    section = text.split("[project]", 1)[1]
    pick = lambda key: re.search(r'^%s\s*=\s*"([^"]*)"' % key, section, re.M).group(1)
    return pick("name"), pick("version"), pick("description"), pick("requires-python")


def _metadata():
    name, version, summary, python = _project()
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\nRequires-Python: %s\nLicense: Apache-2.0\n"
            "Description-Content-Type: text/markdown\n\n%s" % (name, version, summary, python, readme))


def _files():
    src = os.path.join(ROOT, "src")
    for folder, dirs, names in os.walk(src):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for n in sorted(names):
            if n.endswith(".py") or n == "py.typed":
                full = os.path.join(folder, n)
                yield os.path.relpath(full, src).replace(os.sep, "/"), open(full, "rb").read()


def _write(directory, files):
    name, version = _project()[:2]
    wheel = "%s-%s-%s.whl" % (name, version, TAG)
    info = "%s-%s.dist-info" % (name, version)
    files = list(files) + [
        (info + "/METADATA", _metadata().encode("utf-8")),
        (info + "/WHEEL", ("Wheel-Version: 1.0\nGenerator: countersign-backend\nRoot-Is-Purelib: true\nTag: %s\n" % TAG).encode()),
        (info + "/top_level.txt", b"countersign\n"),
    ]
    record = []
    with zipfile.ZipFile(os.path.join(directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files:
            z.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
        record.append(info + "/RECORD,,")
        z.writestr(info + "/RECORD", "\n".join(record) + "\n")
    return wheel


def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write(wheel_directory, _files())


def get_requires_for_build_editable(config_settings=None):
    return []


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth file pointing at src/: edits show without reinstalling.
    return _write(wheel_directory, [("countersign_editable.pth", (os.path.join(ROOT, "src") + "\n").encode())])
