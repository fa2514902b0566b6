"""Conformance kits for plugins: the checks edu_plan's own built-ins pass, for third parties to run on theirs.

Each kind of plugin has its own module here (``edu_plan.testing.storage``,
``edu_plan.testing.scorers``…); they need ``pytest`` and ``hypothesis``, which
plain use of edu_plan does not.
"""
