"""edu_plan's plugins: the built-in implementations of the contracts in :mod:`edu_plan.protocols`.

Importing this package imports no built-in plugin; they are found through their
entry points, exactly like a third party's.
"""
