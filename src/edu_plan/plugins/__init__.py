"""edu_plan's plugins: the contracts (:mod:`edu_plan.plugins.protocols`) and the built-in implementations.

Importing this package imports no built-in plugin; they are found through their
entry points, exactly like a third party's.
"""
