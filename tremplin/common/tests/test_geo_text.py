import math

from hypothesis import given
from hypothesis import strategies as st

from tremplin.common.geo import bounding_box, haversine_km
from tremplin.common.text import normalize_search

latitudes = st.floats(min_value=-21.5, max_value=51.2)  # La Réunion to Dunkerque
longitudes = st.floats(min_value=-61.9, max_value=55.9)  # Guadeloupe to La Réunion


@given(
    latitudes,
    longitudes,
    st.floats(min_value=0.5, max_value=200),
    st.floats(0, 1),
    st.floats(0, 360),
)
def test_every_point_within_the_radius_lies_in_the_bounding_box(
    lat, lon, radius, fraction, bearing
):
    """The directory pre-filters on the box: a structure inside the circle must never be
    discarded by it."""
    distance = radius * fraction * 0.999
    # Destination point at `distance` km on `bearing` (spherical formula).
    d = distance / 6371.0088
    phi1, lambda1, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(d) * math.cos(phi1),
        math.cos(d) - math.sin(phi1) * math.sin(phi2),
    )
    lat2, lon2 = math.degrees(phi2), math.degrees(lambda2)
    assert haversine_km(lat, lon, lat2, lon2) <= radius
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    assert min_lat <= lat2 <= max_lat
    assert min_lon <= lon2 <= max_lon


def test_haversine_known_distance():
    paris, lyon = (48.8566, 2.3522), (45.7640, 4.8357)
    assert 390 < haversine_km(*paris, *lyon) < 394


@given(st.text())
def test_normalize_search_is_idempotent_and_ascii(text):
    once = normalize_search(text)
    assert normalize_search(once) == once
    assert once.isascii()
    assert once == once.strip()


def test_normalize_search_examples():
    assert normalize_search("Saint-Étienne-du-Rouvray") == "saint etienne du rouvray"
    assert normalize_search("L'Haÿ-les-Roses") == "l hay les roses"
