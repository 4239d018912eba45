"""pip install . : the Makefile builds build/libqarray.so (host/api/qa_api.h, every model of the
C core), which goes into the package beside python/qarray. The library keeps the repository's
path (QA_ROOT) to build RTL configurations on first use, as the CLI does; QARRAY_ROOT moves it."""
import os
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

ROOT = os.path.dirname(os.path.abspath(__file__))


class BuildWithLibrary(build_py):
    def run(self):
        super().run()
        subprocess.run(["make", "-C", ROOT, "lib"], check=True)
        dest = os.path.join(self.build_lib, "qarray")
        os.makedirs(dest, exist_ok=True)
        shutil.copy2(os.path.join(ROOT, "build", "libqarray.so"), dest)


class BinaryDistribution(Distribution):
    """A wheel with a shared library in it is platform-specific."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=BinaryDistribution)
