"""Views: a plan, its progress and an assessment turned into titled tables of typed cells.

A :class:`View` is what every output format draws: a title, typed columns, rows of
:class:`Cell` values (text, whole numbers, decimals, dates, traffic lights) and the
data of the charts a reader would rather look at than read.  Renderer plugins
(``edu_plan.renderers``) only lay views out; what goes in them is decided here, once,
so that the terminal table, the spreadsheet and the HTML page always agree.

The package is part of the core: it imports no plugin.  Target-kind labels and scores
come through the plugin registry, never by importing a plugin.  Its modules:
``_model`` (the view model), ``_plan`` (views of the plan alone), ``_progress``
(views of progress: ledger and bulletin), ``_score`` (views of an assessment) and
``_build`` (views by name).
"""

from edu_plan._assessment import CATEGORY_LABELS
from edu_plan.views._build import PLAN_VIEWS, SCORE_VIEWS, VIEW_NAMES, assess, build
from edu_plan.views._model import (
    Bar,
    BarChart,
    BarGroup,
    Cell,
    CellValue,
    Chart,
    Column,
    ColumnType,
    Document,
    HeatMap,
    Light,
    LightGrid,
    ProgressBars,
    View,
    cell_text,
)
from edu_plan.views._plan import responsibility_list, targets_list, tasks_list, units_list, workload_matrix
from edu_plan.views._progress import TargetProgress, bulletin, target_progress, work_ledger
from edu_plan.views._score import rectification_list, score_lines, scorecards

__all__ = [
    "CATEGORY_LABELS",
    "PLAN_VIEWS",
    "SCORE_VIEWS",
    "VIEW_NAMES",
    "Bar",
    "BarChart",
    "BarGroup",
    "Cell",
    "CellValue",
    "Chart",
    "Column",
    "ColumnType",
    "Document",
    "HeatMap",
    "Light",
    "LightGrid",
    "ProgressBars",
    "TargetProgress",
    "View",
    "assess",
    "build",
    "bulletin",
    "cell_text",
    "rectification_list",
    "responsibility_list",
    "score_lines",
    "scorecards",
    "target_progress",
    "targets_list",
    "tasks_list",
    "units_list",
    "work_ledger",
    "workload_matrix",
]
