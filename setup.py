"""Install-time hook: corridor's assignment kernels compiled ahead of time.

Everything else about the package is in pyproject.toml. This adds one extension module,
``corridor.assign._aot``: the numba kernels of ``src/corridor/assign/_kernels.py``
compiled to machine code by ``numba.pycc`` (``corridor.assign._aot_build``), so that
``corridor assign`` starts without importing numba (``corridor.assign._native``). When it
cannot be built (no C compiler, a numba without pycc), the install goes on without it and
corridor compiles the same kernels with numba's JIT on first use: slower to start, the
same answers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


class BuildKernels(build_ext):
    """``build_ext`` that compiles ``corridor.assign._aot`` with numba.pycc."""

    def build_extension(self, ext: Extension) -> None:
        """Compile the kernels into the extension's file; warn and go on if that fails."""
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(HERE / "src"))
        try:
            from corridor.assign._aot_build import compile_kernels

            compile_kernels(target)
        except Exception as exc:
            print(
                "warning: corridor's ahead-of-time assignment kernels were not built "
                f"({type(exc).__name__}: {exc}); numba compiles them on first use instead",
                file=sys.stderr,
            )
        finally:
            sys.path.remove(str(HERE / "src"))


setup(
    ext_modules=[Extension("corridor.assign._aot", sources=[])],
    cmdclass={"build_ext": BuildKernels},
)
