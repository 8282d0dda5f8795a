"""Charts of views per day drawn on the server as SVG: no script, no library, nothing fetched
(within the CSP). Each is an image with a title and a description, beside a table of the
same figures (the template's) for those who do not see it."""

from django.utils import numberformat
from django.utils.formats import date_format, get_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 720, 240
SMALL_WIDTH, SMALL_HEIGHT = 300, 60
SPARK_WIDTH, SPARK_HEIGHT = 90, 20
# Room for the axis labels: left (the largest figure), bottom (dates).
LEFT, BOTTOM, TOP = 48, 22, 8


def day_chart(series, title, chart_id, small=False):
    """A bar per day of `series` ([(date, views)], oldest first), as an inline <svg>
    labelled by its <title> and <desc>; each bar has its own title (the day and its views)
    that a pointer shows. `small`: a zero line and no labels, for an article's change form."""
    width, height = (SMALL_WIDTH, SMALL_HEIGHT) if small else (WIDTH, HEIGHT)
    left, bottom, top = (0, 1, 2) if small else (LEFT, BOTTOM, TOP)
    peak, scale = scaled(series, height - bottom - top)
    step = (width - left) / max(len(series), 1)
    figure = whole_number_format()
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
        (
            (
                f"{left + index * step:.1f}",
                f"{height - bottom - views * scale:.1f}",
                # A gap between bars wide enough to have one.
                f"{step - 1 if step > 2 else step:.1f}",
                f"{views * scale:.1f}",
                day.isoformat(),  # Y-m-d
                figure(views),
            )
            for index, (day, views) in enumerate(series)
        ),
    )
    axes = zero_line(width, height) if small else axis_labels(series, peak, width, height)
    return format_html(
        '<svg class="readership-chart{}" role="img" viewBox="0 0 {} {}" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<g class="bars">{}</g>{}</svg>',
        " small" if small else "",
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        describe(series, peak),
        bars,
        axes,
    )


def day_rows(series):
    """The rows of the table beside a chart of `series`: a day and its views each."""
    figure = whole_number_format()
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="number">{}</td></tr>',
        ((day.isoformat(), figure(views)) for day, views in series),
    )


def whole_number_format():
    """number_format() of whole numbers in the current language with its formats read once:
    read for each figure, they took most of the time of a year's dashboard (4,000 figures)."""
    grouping, separator = get_format("NUMBER_GROUPING"), get_format("THOUSAND_SEPARATOR")
    return lambda value: numberformat.format(
        value, "", grouping=grouping, thousand_sep=separator, use_l10n=True
    )


def sparkline(series, label):
    """A line of `series` ([(date, views)], oldest first) small enough for a row of a list:
    an image named by `label` (what it shows, with the total), nothing else to read."""
    _peak, scale = scaled(series, SPARK_HEIGHT - 2)
    step = SPARK_WIDTH / max(len(series) - 1, 1)
    points = " ".join(
        f"{index * step:.1f},{SPARK_HEIGHT - 1 - views * scale:.1f}"
        for index, (_day, views) in enumerate(series)
    )
    return format_html(
        '<svg class="readership-sparkline" role="img" aria-label="{}" width="{}" height="{}" '
        'viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>'
        '<polyline points="{}"></polyline></svg>',
        label,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        label,
        points,
    )


def scaled(series, room):
    """The largest figure of `series` and the scale that gives it `room` units of height."""
    peak = max((views for _day, views in series), default=0)
    return peak, (room / peak if peak else 0)


def describe(series, peak):
    """What the chart shows in words: the period, the total, the busiest day."""
    if not series:
        return _("No days.")
    total = sum(views for _day, views in series)
    busiest = next(day for day, views in series if views == peak)
    return _("%(first)s to %(last)s: %(total)s views in all, most on %(busiest)s (%(peak)s).") % {
        "first": date_format(series[0][0], "Y-m-d"),
        "last": date_format(series[-1][0], "Y-m-d"),
        "total": number_format(total),
        "busiest": date_format(busiest, "Y-m-d"),
        "peak": number_format(peak),
    }


def zero_line(width, height):
    """The small chart's line under its bars: a day without views stands on it, where with
    nothing drawn the days before a first view looked like no chart at all."""
    return format_html(
        '<g class="axis" aria-hidden="true"><line x1="0" y1="{}" x2="{}" y2="{}"></line></g>',
        height - 0.5,
        width,
        height - 0.5,
    )


def axis_labels(series, peak, width, height):
    """The largest figure (when there is one above zero) and zero on the left, the first
    and the last day below."""
    base = height - BOTTOM
    labels = [(LEFT - 6, base, "end", "0")]
    if peak:
        labels.insert(0, (LEFT - 6, TOP + 10, "end", number_format(peak)))
    if series:
        labels += [
            (LEFT, height - 6, "start", date_format(series[0][0], "Y-m-d")),
            (width, height - 6, "end", date_format(series[-1][0], "Y-m-d")),
        ]
    return format_html(
        '<g class="axis" aria-hidden="true"><line x1="{}" y1="{}" x2="{}" y2="{}"></line>{}</g>',
        LEFT,
        base,
        width,
        base,
        format_html_join("", '<text x="{}" y="{}" text-anchor="{}">{}</text>', labels),
    )
