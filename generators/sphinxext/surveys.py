"""The survey block: response rate, answers to each question as stacked bars, coded themes.

Suppression is the data layer's (`generators.data.privacy`): a suppressed figure arrives here
as None and leaves as words, never as a number, in the page, the chart, its alt text and its
table alike.
"""

from __future__ import annotations

import difflib
import textwrap
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, get_args

from docutils import nodes
from docutils.parsers.rst import directives

from generators.data.formats import in_format, month
from generators.sphinxext import chart_fonts
from generators.sphinxext.blocks import Block, BlockOptionError
from generators.sphinxext.cache import sources
from generators.sphinxext.charts import CHART_WIDTH
from generators.sphinxext.domain import domain
from generators.sphinxext.render import format_percent
from generators.sphinxext.survey_charts import chart_height, draw_survey, parts, scale_colours

if TYPE_CHECKING:  # the data layer is imported when a page is read, not at start-up
    from generators.data.models import Program
    from generators.data.privacy import QuestionResult, SurveyResult, ThemeResult
    from generators.data.published import PublishedProgram


def breakdown_names() -> tuple[str, ...]:
    """A question's breakdowns, as the model names them (`by_role`, ...)."""
    from generators.data.models import Breakdown

    return get_args(Breakdown)


def breakdown_word(name: str) -> str:
    """`by_role` → `role`."""
    return name.removeprefix("by_")


ROLE_GROUPS = {
    "mentor": "Mentors",
    "mentee": "Mentees",
    "both": "Mentors and mentees",
    "none": "Not taking part",
}
SHOW = {"show": True, "yes": True, "true": True, "hide": False, "no": False, "false": False}
#: Characters a line of question text may take in the chart, and a group label beside a bar.
QUESTION_WIDTH = 46
LABEL_WIDTH = 14
LEGEND_WIDTH = 10


def survey_ids(program: Program) -> frozenset[str]:
    """Every survey's id, published yet or not (a block names one that is not out yet)."""
    return frozenset(survey.id for survey in program.surveys)


class Survey(Block):
    """One survey's results as they may be published."""

    template = "blocks/survey.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "survey": directives.unchanged,
        "questions": directives.unchanged,
        "breakdown": directives.unchanged,
        "themes": directives.unchanged,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        survey = self._survey(view)
        if survey is None:
            return {"survey": None, "wanted": self.options.get("survey")}
        ids = [q.id for q in survey.questions]
        chosen = self.choice_list("questions", ids, ids)
        by_id = {q.id: q for q in survey.questions}
        questions = [by_id[i] for i in dict.fromkeys(chosen)]
        breakdown = self._breakdown()
        k = survey.min_group_size
        shown = [q for q in questions if not q.suppressed]
        charts = [
            self._chart(survey, scale, [q for q in shown if q.scale == scale], breakdown)
            for scale in dict.fromkeys(q.scale for q in shown)
        ]
        has_breakdown = breakdown is not None and any(breakdown in q.breakdowns for q in shown)
        themes = self._themes(survey) if self._show_themes() else None
        return {
            "survey": survey,
            "survey_date": date.fromisoformat(survey.date),
            "k": k,
            "charts": charts,
            "hidden_questions": [q for q in questions if q.suppressed],
            "breakdown_word": breakdown_word(breakdown) if breakdown else None,
            "breakdown_missing": breakdown is not None and not has_breakdown and bool(shown),
            "hidden_groups": any(
                g.suppressed for q in shown for g in q.breakdowns.get(breakdown or "", ())
            ),
            "themes": themes,
        }

    # -- options ------------------------------------------------------------------------------

    def _survey(self, view: PublishedProgram) -> SurveyResult | None:
        wanted = self.options.get("survey")
        if not wanted:
            return view.surveys[-1] if view.surveys else None
        wanted = str(wanted).strip()
        for survey in view.surveys:
            if survey.id == wanted:
                return survey
        # A survey dated after the "as of" day exists but is not out yet: say so, don't warn.
        if wanted in self.derived(survey_ids):
            return None
        known = [s.id for s in view.surveys]
        close = difflib.get_close_matches(wanted, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise BlockOptionError(
            f"no survey '{wanted}' dated on or before {view.as_of.isoformat()} "
            f"(known: {', '.join(known) or 'none'}){hint}"
        )

    def _breakdown(self) -> str | None:
        chosen = self.choice_list("breakdown", (*breakdown_names(), "none"), ())
        if len(chosen) > 1:
            raise BlockOptionError("breakdown: name one breakdown, such as by_role")
        return chosen[0] if chosen and chosen[0] != "none" else None

    def _show_themes(self) -> bool:
        raw = str(self.options.get("themes", "show")).strip().lower()
        if raw not in SHOW:
            raise BlockOptionError(f"themes: expected show or hide; found '{raw}'")
        return SHOW[raw]

    # -- content ------------------------------------------------------------------------------

    def _chart(
        self,
        survey: SurveyResult,
        scale: tuple[str, ...],
        questions: list[QuestionResult],
        breakdown: str | None,
    ) -> dict[str, Any]:
        hidden = hidden_text(survey.min_group_size)
        table: list[list[object]] = []
        drawn: list[dict[str, Any]] = []
        for question in questions:
            counts = question.counts or ()
            groups = question.breakdowns.get(breakdown or "", ())
            rows: list[dict[str, Any]] = [
                {
                    "label": f"All ({sum(counts)})" if groups else f"{sum(counts)} answers",
                    "counts": list(counts),
                }
            ]
            table.append([question.text, "All", sum(counts), *counts])
            for group in groups:
                name = group_name(breakdown or "", group.name)
                if group.counts is None:
                    rows.append({"label": _short(name), "counts": None})
                    table.append([question.text, name, hidden, *("—" for _ in scale)])
                else:
                    label = _short(f"{name} ({sum(group.counts)})")
                    rows.append({"label": label, "counts": list(group.counts)})
                    table.append([question.text, name, sum(group.counts), *group.counts])
            drawn.append(
                {
                    "lines": textwrap.wrap(
                        in_format(question.text), QUESTION_WIDTH, break_on_hyphens=False
                    )
                    or [""],
                    "rows": rows,
                }
            )
        common = {
            "scale": list(scale),
            "legend": [
                "\n".join(textwrap.wrap(point, LEGEND_WIDTH, break_long_words=False)) or point
                for point in scale
            ],
            "colours": scale_colours(len(scale)),
            "hidden": hidden,
        }
        # On paper a tall chart is cut into charts that each print at full size; every part
        # has its own alt text, and the numbers of all its questions follow the last.
        charts = [
            self.chart(
                "survey",
                {**common, "questions": drawn[part.start : part.stop]},
                draw_survey,
                alt=survey_alt(survey, scale, questions[part.start : part.stop], breakdown),
                headers=("Question", "Group", "Answers", *scale),
                rows=table,
                size=(CHART_WIDTH, chart_height(drawn[part.start : part.stop])),
            )
            for part in parts(drawn, for_print=chart_fonts.for_print())
        ]
        many = len(questions) != 1
        asked = f"{len(questions)} question{'s' if many else ''}"
        # The numbers table is named by its survey and month: in the printed book's appendix
        # of numbers, each survey's table stands on its own, away from its page.
        named = f"{survey.title} ({month(date.fromisoformat(survey.date))})"
        return {
            "chart": charts[-1],
            "parts": charts,
            "caption": (
                f"Answers to {asked}, as shares of each bar's answers, "
                f"from {scale[0]} to {scale[-1]}"
            ),
            "numbers_caption": f"{named}: how many people gave each answer to {asked}",
        }

    def _themes(self, survey: SurveyResult) -> list[ThemeResult]:
        """The themes in the order the data layer publishes them (hidden ones alphabetically)."""
        return list(survey.themes)


class Surveys(Survey):
    """Every survey out by the day, newest first, each under a heading of its own.

    A new survey file shows on the page that holds this block without anyone editing the
    page. Each survey is the survey block's own rendering (`:breakdown:` and `:themes:` apply
    to every one); its heading is a section, so it is in the page's contents, the search index
    and the printed book's outline like any heading written by hand.
    """

    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "breakdown": directives.unchanged,
        "themes": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        from generators.data.reads import Reads

        # Which surveys there are, and their headings, are read (and noted) here; each
        # survey's own block notes what it shows.
        reads = Reads(sources(self.env))
        try:
            newest_first = sorted(reads.view.surveys, key=lambda s: (s.date, s.id), reverse=True)
            headings = [(survey.id, survey.title) for survey in newest_first]
        finally:
            domain(self.env).note_reads(self.env.docname, reads.recorded())
        if not headings:
            return super().run()  # says there are no results yet
        given = dict(self.options)
        sections: list[nodes.Node] = []
        for survey_id, title in headings:
            classes = [*given.get("class", []), "handbook-survey"]
            self.options.clear()
            self.options.update({**given, "survey": survey_id, "class": classes})
            anchor = f"survey-{survey_id}"
            taken = anchor in self.state.document.ids  # the block twice on one page
            section = nodes.section("", nodes.title(text=title), ids=[] if taken else [anchor])
            section["names"].append(nodes.fully_normalize_name(title))
            self.state.document.note_implicit_target(section, section)
            section.extend(super().run())
            sections.append(section)
        self.options.clear()
        self.options.update(given)
        return sections


def hidden_text(k: int) -> str:
    """What a suppressed group shows instead of its figures, in the chart and its table."""
    return f"hidden (fewer than {k}, or would reveal one)"


def group_name(breakdown: str, name: str) -> str:
    if breakdown == "by_role":
        return ROLE_GROUPS.get(name, name)
    return name


def _short(label: str) -> str:
    return label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"


def _quote(text: str, width: int = 60) -> str:
    return f"“{textwrap.shorten(text, width, placeholder=' …')}”"


def top_share(counts: tuple[int, ...]) -> float:
    """The share of answers in the upper half of the scale (Agree or Strongly agree of five)."""
    total = sum(counts)
    return sum(counts[(len(counts) + 1) // 2 :]) / total if total else 0.0


def survey_alt(
    survey: SurveyResult,
    scale: tuple[str, ...],
    questions: list[QuestionResult],
    breakdown: str | None,
) -> str:
    """What the chart shows, in words, from published figures only."""
    upper = " or ".join(scale[(len(scale) + 1) // 2 :])
    parts = [
        f"Stacked bars of the answers to {len(questions)} "
        f"question{'s' if len(questions) != 1 else ''} of the {survey.title}, each bar the shares "
        f"of its answers from {scale[0]} to {scale[-1]}"
        + (f", with a bar for each {breakdown_word(breakdown)} group." if breakdown else ".")
    ]
    measured = [(top_share(q.counts), q) for q in questions if q.counts is not None]
    if len(measured) == 1:
        share, question = measured[0]
        parts.append(f"{format_percent(share)} answered {upper} to {_quote(question.text)}.")
    elif measured:
        low = min(measured, key=lambda m: m[0])
        high = max(measured, key=lambda m: m[0])
        parts.append(
            f"Answering {upper}: from {format_percent(low[0])} for {_quote(low[1].text)} to "
            f"{format_percent(high[0])} for {_quote(high[1].text)}."
        )
    groups = [g for q in questions for g in q.breakdowns.get(breakdown or "", ())]
    hidden = sum(1 for g in groups if g.suppressed)
    if hidden:
        parts.append(
            f"{hidden} group bar{'s are' if hidden != 1 else ' is'} hidden: fewer than "
            f"{survey.min_group_size} people answered, or showing it would reveal such a group."
        )
    parts.append("The numbers are in the table below the chart.")
    return " ".join(parts)
