# sphinxext-opengraph installs `sphinxext.opengraph`, and this folder of tests shares the name
# `sphinxext`: the package spans both, so the handbook's conf.py loads the extension in tests.
from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)
