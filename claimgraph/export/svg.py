"""Charts as inline SVG, computed in Python (no script, no network): a timeline of dated claims
and an actor network laid out with a deterministic force-directed layout."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

CERTAINTY_COLOURS = {
    "fact": "#1b5e20",
    "reported": "#1565c0",
    "probable": "#1565c0",
    "alleged": "#e65100",
    "possible": "#ef6c00",
    "doubtful": "#b71c1c",
    "denied": "#b71c1c",
}
TYPE_COLOURS = {
    "state": "#1565c0",
    "armed_force": "#2e7d32",
    "military_unit": "#2e7d32",
    "government_body": "#00838f",
    "hacker_group": "#c62828",
    "armed_group": "#ad1457",
    "think_tank": "#6a1b9a",
    "media": "#5d4037",
    "person": "#ef6c00",
    "organization": "#455a64",
    "international_org": "#0277bd",
    "location": "#827717",
    "source": "#757575",
}
FONT = "font-family='system-ui, sans-serif'"
MAX_LABELLED_EDGES = 18
"""Larger networks leave edge labels to tooltips and the table under the chart."""


# -- timeline -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelinePoint:
    """One dated claim: its period (in fractional years), label and style."""

    start: float
    end: float
    label: str
    text: str
    certainty: str
    forecast: bool
    href: str | None = None


def period(value: str) -> tuple[float, float] | None:
    """The period an ISO-like date covers, in fractional years ('2025-09' -> Sep 2025);
    None when the year is open ('XXXX-09') or the value is not a date."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if match is None:
        decade = re.fullmatch(r"(\d{3})X", value.strip())
        if decade:
            first = int(decade.group(1)) * 10
            return float(first), float(first + 10)
        return None
    year, month, day = match.groups()
    if month is None:
        return float(year), float(year) + 1
    start: float = int(year) + (int(month) - 1) / 12
    if day is None:
        return start, start + 1 / 12
    start += (int(day) - 1) / 365
    return start, start + 1 / 365


def timeline_svg(
    points: list[TimelinePoint], *, width: int = 920, marker: float | None = None
) -> str:
    """A row per dated claim on a shared year axis; bars span the date's precision, forecasts
    are hatched, colour is the certainty. ``marker`` draws a dashed 'latest report' line."""
    if not points:
        return ""
    points = sorted(points, key=lambda p: (p.start, p.end))
    lo = math.floor(min(p.start for p in points))
    hi = math.ceil(max(p.end for p in points + ([] if marker is None else [_point(marker)])))
    hi = max(hi, lo + 1)
    left, right, top, row = 16, 16, 34, 30
    span = width - left - right
    height = top + row * len(points) + 16

    def x(value: float) -> float:
        return left + (value - lo) / (hi - lo) * span

    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
        f"width='100%' role='img' aria-label='Timeline of dated claims' class='chart timeline'>",
        "<defs><pattern id='hatch' width='6' height='6' patternUnits='userSpaceOnUse' "
        "patternTransform='rotate(45)'><rect width='3' height='6' fill='#ffffff' "
        "fill-opacity='0.55'/></pattern></defs>",
    ]
    step = _year_step(hi - lo)
    for year in range(lo, hi + 1):
        if (year - lo) % step:
            continue
        label = (
            f"<text x='{x(year) + 3:.1f}' y='{top - 14}' font-size='12' fill='#37474f' {FONT}>"
            f"{year}</text>"
            if x(year) + 36 <= width
            else ""
        )
        out.append(
            f"<line x1='{x(year):.1f}' y1='{top - 8}' x2='{x(year):.1f}' y2='{height - 8}' "
            f"stroke='#d0d4da' stroke-width='1'/>{label}"
        )
    if marker is not None:
        mx = x(marker)
        out.append(
            f"<line x1='{mx:.1f}' y1='{top - 8}' x2='{mx:.1f}' y2='{height - 8}' stroke='#455a64' "
            f"stroke-dasharray='4 3'/><text x='{mx - 4:.1f}' y='{height - 2}' font-size='10' "
            f"text-anchor='end' fill='#455a64' {FONT}>latest report</text>"
        )
    for i, p in enumerate(points):
        out.append(_timeline_row(p, top + i * row, x(p.start), x(p.end), width - right))
    out.append("</svg>")
    return "".join(out)


def _point(value: float) -> TimelinePoint:
    return TimelinePoint(value, value, "", "", "fact", False)


def _year_step(years: float) -> int:
    for step in (1, 2, 5, 10, 20, 50):
        if years / step <= 16:
            return step
    return 100


def _timeline_row(p: TimelinePoint, y: int, x1: float, x2: float, limit: int) -> str:
    colour = CERTAINTY_COLOURS.get(p.certainty, "#455a64")
    w = max(x2 - x1, 6.0)
    bar = f"<rect x='{x1:.1f}' y='{y + 4}' width='{w:.1f}' height='14' rx='3' fill='{colour}'/>" + (
        f"<rect x='{x1:.1f}' y='{y + 4}' width='{w:.1f}' height='14' rx='3' "
        "fill='url(#hatch)' stroke='#263238' stroke-dasharray='3 2'/>"
        if p.forecast
        else ""
    )
    label = f"{p.label}{' (forecast)' if p.forecast else ''} · {p.certainty} · {p.text}"
    room = limit - (x1 + w + 6)
    anchor_left = room < 240 and x1 > limit / 2
    max_chars = int((x1 - 12 if anchor_left else room) / 6.2)
    label = _fit(label, max(max_chars, 12))
    tx, anchor = (x1 - 6, "end") if anchor_left else (x1 + w + 6, "start")
    text = (
        f"<text x='{tx:.1f}' y='{y + 15}' font-size='12' text-anchor='{anchor}' fill='#263238' "
        f"{FONT}>{escape(label)}</text>"
    )
    title = f"<title>{escape(p.label)}: {escape(p.text)}</title>"
    body = f"<g class='tl-row'>{title}{bar}{text}</g>"
    if p.href:
        return f"<a href='{escape(p.href)}'>{body}</a>"
    return body


def _fit(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# -- network ------------------------------------------------------------------------------------


@dataclass
class Node:
    """An actor: entity id, name, type; ``weight`` (number of links) sets its size."""

    id: str
    name: str
    type: str
    weight: int = 0
    href: str | None = None


@dataclass
class Edge:
    """Claims linking two actors (direction: source -> target)."""

    source: str
    target: str
    labels: list[str] = field(default_factory=list)
    certainty: str = "fact"
    transfer: bool = False
    count: int = 0
    contested: bool = False


def layout(
    nodes: list[Node], edges: list[Edge], *, iterations: int = 400, aspect: float = 1.6
) -> dict[str, tuple[float, float]]:
    """Positions in the unit square. Each connected group is laid out with
    Fruchterman–Reingold (deterministic: start on a circle in id order); the groups are then
    packed in rows, each getting room in proportion to its size (``aspect``: canvas width
    over height)."""
    ids = sorted(node.id for node in nodes)
    pairs = {(e.source, e.target) for e in edges if e.source in ids and e.target in ids}
    groups = _components(ids, pairs)
    if not groups:
        return {}
    if len(groups) == 1:
        return _force(groups[0], pairs, iterations)
    if len(groups[0]) * 2 >= len(ids):  # one dominant group: it takes the left, full height
        cells = [(0.0, 0.0, 0.64, 1.0)] + _column(len(groups) - 1)
    else:
        cells = _pack([math.sqrt(len(g)) for g in groups], aspect)
    pos: dict[str, tuple[float, float]] = {}
    for group, (x0, y0, x1, y1) in zip(groups, cells, strict=True):
        pad_x, pad_y = (x1 - x0) * 0.08, (y1 - y0) * 0.1
        box = (x0 + pad_x, y0 + pad_y, x1 - pad_x, y1 - pad_y)
        pos.update(_place(_force(group, pairs, iterations), *box))
    return pos


def _column(count: int) -> list[tuple[float, float, float, float]]:
    """Cells for the smaller groups on the right of a dominant one (one or two columns)."""
    cols = 1 if count <= 4 else 2
    rows = math.ceil(count / cols)
    width = 0.34 / cols
    return [
        (
            0.66 + (i % cols) * width,
            (i // cols) / rows,
            0.66 + (i % cols + 1) * width,
            (i // cols + 1) / rows,
        )
        for i in range(count)
    ]


def _pack(sides: list[float], aspect: float) -> list[tuple[float, float, float, float]]:
    """Shelf-pack squares (largest first) into rows; return their boxes in the unit square."""
    total = sum(side * side for side in sides)
    width = max(max(sides), math.sqrt(total * aspect) * 1.1)
    boxes, x, y, row = [], 0.0, 0.0, 0.0
    for side in sides:
        if x + side > width + 1e-9 and x > 0:
            x, y, row = 0.0, y + row, 0.0
        boxes.append((x, y, x + side, y + side))
        x, row = x + side, max(row, side)
    height = y + row
    used = max(b[2] for b in boxes)
    return [(b[0] / used, b[1] / height, b[2] / used, b[3] / height) for b in boxes]


def _components(ids: list[str], pairs: set[tuple[str, str]]) -> list[list[str]]:
    """Connected groups, largest first (ties by first id)."""
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _place(
    pos: dict[str, tuple[float, float]], x0: float, y0: float, x1: float, y1: float
) -> dict[str, tuple[float, float]]:
    return {i: (x0 + p[0] * (x1 - x0), y0 + p[1] * (y1 - y0)) for i, p in pos.items()}


def _force(
    ids: list[str], pairs: set[tuple[str, str]], iterations: int
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold layout of one connected group, normalised to the unit square."""
    n = len(ids)
    if n == 1:
        return {ids[0]: (0.5, 0.5)}
    if n == 2:
        return {ids[0]: (0.0, 0.5), ids[1]: (1.0, 0.5)}
    pos = {
        node_id: [
            0.5 + 0.4 * math.cos(2 * math.pi * i / n),
            0.5 + 0.4 * math.sin(2 * math.pi * i / n),
        ]
        for i, node_id in enumerate(ids)
    }
    k = math.sqrt(1.0 / n)
    links = [(a, b) for a, b in pairs if a in pos and b in pos]
    temperature = 0.1
    for _ in range(iterations):
        disp = {i: [0.0, 0.0] for i in ids}
        for a_index, a in enumerate(ids):
            for b in ids[a_index + 1 :]:
                _push(pos, disp, a, b, lambda d: k * k / d)
        for a, b in links:
            _push(pos, disp, a, b, lambda d: -d * d / k)
        for i in ids:
            disp[i][0] += (0.5 - pos[i][0]) * k * 0.1
            disp[i][1] += (0.5 - pos[i][1]) * k * 0.1
            dx, dy = disp[i]
            length = max(math.hypot(dx, dy), 1e-9)
            step = min(length, temperature)
            pos[i][0] += dx / length * step
            pos[i][1] += dy / length * step
        temperature = max(temperature * 0.98, 0.002)
    spread = _normalise({i: (p[0], p[1]) for i, p in pos.items()})
    return _separate(spread, minimum=0.34 if n <= 8 else 0.24)


def _push(
    pos: dict[str, list[float]],
    disp: dict[str, list[float]],
    a: str,
    b: str,
    force_of: Callable[[float], float],
) -> None:
    dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
    dist = max(math.hypot(dx, dy), 1e-3)
    force = force_of(dist)
    disp[a][0] += dx / dist * force
    disp[a][1] += dy / dist * force
    disp[b][0] -= dx / dist * force
    disp[b][1] -= dy / dist * force


def _separate(
    pos: dict[str, tuple[float, float]], minimum: float = 0.22, rounds: int = 60
) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than ``minimum`` (labels need room), then re-fit the square."""
    points = {i: list(p) for i, p in pos.items()}
    ids = sorted(points)
    for _ in range(rounds):
        moved = False
        for a_index, a in enumerate(ids):
            for b in ids[a_index + 1 :]:
                dx = points[a][0] - points[b][0]
                dy = points[a][1] - points[b][1]
                dist = math.hypot(dx, dy)
                if dist >= minimum:
                    continue
                moved = True
                if dist < 1e-6:
                    dx, dy, dist = 1.0, 0.0, 1.0
                shift = (minimum - dist) / 2
                points[a][0] += dx / dist * shift
                points[a][1] += dy / dist * shift
                points[b][0] -= dx / dist * shift
                points[b][1] -= dy / dist * shift
        if not moved:
            break
    return _normalise({i: (p[0], p[1]) for i, p in points.items()})


def _normalise(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    wx, wy = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
    return {i: ((p[0] - min(xs)) / wx, (p[1] - min(ys)) / wy) for i, p in pos.items()}


def network_svg(
    nodes: list[Node], edges: list[Edge], *, width: int = 920, height: int = 560
) -> str:
    """The actor network: circles sized by links, coloured by type; arrows coloured by the
    strongest certainty, thicker for transfers, dashed for denials, labelled by relation."""
    if not nodes:
        return ""
    height = max(height, min(1000, 200 + 26 * len(nodes)))
    pos = layout(nodes, edges, aspect=width / height)
    margin_x, margin_y = 110, 50
    labelled = len(edges) <= MAX_LABELLED_EDGES

    def xy(node_id: str) -> tuple[float, float]:
        px, py = pos[node_id]
        return margin_x + px * (width - 2 * margin_x), margin_y + py * (height - 2 * margin_y)

    radius = {n.id: 7 + min(n.weight, 12) * 1.3 for n in nodes}
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' "
        "role='img' aria-label='Network of actors and the claims linking them' "
        "class='chart network'><defs>"
    ]
    for certainty, colour in CERTAINTY_COLOURS.items():
        out.append(
            f"<marker id='arrow-{certainty}' viewBox='0 0 10 10' refX='9' refY='5' "
            "markerUnits='userSpaceOnUse' markerWidth='11' markerHeight='11' "
            "orient='auto-start-reverse'>"
            f"<path d='M0,0 L10,5 L0,10 z' fill='{colour}'/></marker>"
        )
    out.append("</defs>")
    pairs = {(e.source, e.target) for e in edges}
    for edge in edges:
        if edge.source in pos and edge.target in pos:
            both = (edge.target, edge.source) in pairs
            out.append(
                _edge(
                    edge,
                    xy(edge.source),
                    xy(edge.target),
                    radius,
                    offset=9.0 if both else 0.0,
                    labelled=labelled,
                )
            )
    for node in nodes:
        out.append(_node(node, *xy(node.id), radius[node.id]))
    out.append("</svg>")
    return "".join(out)


def _edge(
    edge: Edge,
    a: tuple[float, float],
    b: tuple[float, float],
    radius: dict[str, float],
    *,
    offset: float = 0.0,
    labelled: bool = True,
) -> str:
    colour = CERTAINTY_COLOURS.get(edge.certainty, "#455a64")
    dx, dy = b[0] - a[0], b[1] - a[1]
    dist = max(math.hypot(dx, dy), 1e-6)
    ux, uy = dx / dist, dy / dist
    # two-way links run side by side: shift each to its right
    a = (a[0] - uy * offset, a[1] + ux * offset)
    b = (b[0] - uy * offset, b[1] + ux * offset)
    start = (a[0] + ux * (radius[edge.source] + 2), a[1] + uy * (radius[edge.source] + 2))
    end = (b[0] - ux * (radius[edge.target] + 3), b[1] - uy * (radius[edge.target] + 3))
    a = start
    dash = " stroke-dasharray='6 4'" if edge.certainty in {"denied", "doubtful"} else ""
    stroke = 3.2 if edge.transfer else 1.6
    label = _fit(", ".join(dict.fromkeys(edge.labels)), 34)
    if edge.count > 1:
        label += f" ×{edge.count}"
    if edge.contested:
        label += " · contested"
    mx, my, anchor = _label_place(a, end, (ux, uy), two_way=bool(offset))
    arrow = edge.certainty if edge.certainty in CERTAINTY_COLOURS else "fact"
    title = escape(f"{'; '.join(dict.fromkeys(edge.labels))} ({edge.certainty})")
    text = (
        f"<text x='{mx:.1f}' y='{my:.1f}' font-size='10' text-anchor='{anchor}' "
        f"fill='{colour}' paint-order='stroke' stroke='#ffffff' stroke-width='3' {FONT}>"
        f"{escape(label)}</text>"
        if labelled
        else ""
    )
    return (
        f"<g class='edge'><title>{title}</title>"
        f"<line x1='{a[0]:.1f}' y1='{a[1]:.1f}' x2='{end[0]:.1f}' y2='{end[1]:.1f}' "
        f"stroke='{colour}' stroke-width='{stroke}' stroke-opacity='0.8'{dash} "
        f"marker-end='url(#arrow-{arrow})'/>{text}</g>"
    )


def _label_place(
    a: tuple[float, float], b: tuple[float, float], unit: tuple[float, float], *, two_way: bool
) -> tuple[float, float, str]:
    """Where an edge label goes: above the middle of the line; for the two lines of a two-way
    link, each on its own side (mostly vertical lines: left and right, text anchored away)."""
    ux, uy = unit
    px, py = -uy, ux  # to the right of the direction of travel
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    if not two_way:
        return mx, my - 4, "middle"
    if abs(px) >= abs(py):  # mostly vertical: put labels left/right of the pair
        return mx + px * 10, my + 3, "start" if px > 0 else "end"
    return mx, my + py * 12 + (8 if py > 0 else -2), "middle"


def _node(node: Node, x: float, y: float, r: float) -> str:
    colour = TYPE_COLOURS.get(node.type, "#546e7a")
    body = (
        f"<g class='node'><title>{escape(node.name)} ({escape(node.type)})</title>"
        f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='{colour}' stroke='#ffffff' "
        "stroke-width='2'/>"
        f"<text x='{x:.1f}' y='{y + r + 13:.1f}' font-size='12' text-anchor='middle' "
        f"fill='#212121' paint-order='stroke' stroke='#ffffff' stroke-width='3' {FONT}>"
        f"{escape(_fit(node.name, 28))}</text></g>"
    )
    return f"<a href='{escape(node.href)}'>{body}</a>" if node.href else body


def legend_items(types: list[str]) -> list[tuple[str, str]]:
    """(type, colour) for the node types present."""
    return [(t, TYPE_COLOURS.get(t, "#546e7a")) for t in sorted(set(types))]
