from helpers import TODAY  # noqa: F401  (keeps the helpers import path consistent)

from site_builder import yamlsrc
from site_builder.hours import HoursKind, format_time, iso_time, parse_ranges, parse_time
from site_builder.problems import Problems
from site_builder.schema import INVALID, Reader


def read(text: str):
    problems = Problems()
    node = yamlsrc.load(text, "centers.yaml", problems)
    value = HoursKind().read(node, "hours", Reader("centers.yaml", problems))
    return value, problems


def test_ranges_closed_24_hours_and_overnight() -> None:
    hours, problems = read("mon-fri: 8am-6pm\nsat: 24 hours\nsun: 18:00-02:00\n")
    assert not problems.items
    assert [d.display() for d in hours.days] == ["8:00 AM – 6:00 PM"] * 5 + [
        "Open 24 hours",
        "6:00 PM – 2:00 AM",
    ]
    assert hours.days[6].ranges[0].overnight
    assert not hours.days[0].ranges[0].overnight


def test_days_not_given_are_closed_and_split_days_work() -> None:
    hours, _ = read("tue: 9:00 AM - 12:00 PM, 1:00 PM - 5:30 PM\n")
    assert hours.days[0].closed and hours.days[0].display() == "Closed"
    assert hours.days[1].display() == "9:00 AM – noon, 1:00 PM – 5:30 PM"


def test_yaml_sexagesimal_trap_is_avoided() -> None:
    # YAML 1.1 would read 9:30 as the number 570; we read the raw text.
    hours, problems = read("mon: 9:30-17:00\nwed: no\n")
    assert not problems.items
    assert hours.days[0].ranges[0].opens == 570
    assert hours.days[2].closed


def test_closures_are_dated() -> None:
    hours, _ = read("daily: 9am-5pm\nclosures:\n  - date: 2026-12-25\n    note: Christmas Day\n")
    assert hours.closures[0].date.isoformat() == "2026-12-25"
    assert hours.closures[0].note == "Christmas Day"


def test_bad_day_bad_time_and_repeated_day_are_reported_at_their_lines() -> None:
    value, problems = read("mon-fri: 9-5\nfri: closed\nfunday: 9am-5pm\nsat: 10am-2pmm\n")
    assert value is INVALID
    got = {(p.mark.line, p.message) for p in problems.items}
    assert (2, "'Friday' is given twice in these hours") in got
    assert (3, "'funday' is not a day of the week") in got
    assert (4, "hours '10am-2pmm' could not be read") in got


def test_time_helpers() -> None:
    assert parse_time("noon") == 720
    assert parse_time("12am") == 0
    assert parse_time("25:00") is None
    assert format_time(0) == "midnight"
    assert format_time(1020) == "5:00 PM"
    assert iso_time(1440) == "00:00"
    assert parse_ranges("closed") == ()
    assert parse_ranges("24/7") == "all"
    assert parse_ranges("9am-5pm")[0].closes == 1020
    assert parse_ranges("10pm-midnight")[0].closes == 1440


def test_nine_to_five_means_pm_but_zero_padded_is_overnight() -> None:
    assert parse_ranges("9-5")[0].closes == 17 * 60
    assert parse_ranges("18:00-02:00")[0].closes == 120
    assert parse_ranges("20:00-2:00")[0].closes == 120


def test_a_time_without_am_or_pm_beside_one_with_it_is_asked_about() -> None:
    """'9am-5' was read as open all night to 5 AM, and published so on every page."""
    value, problems = read("mon-thu: 9am-5\nfri: 10pm-6\nsat: 9 a.m. - 5:30\n")
    assert value is INVALID
    got = {(p.mark.line, p.message) for p in problems.items}
    assert got == {
        (1, "in hours '9am-5', '5' has no am or pm"),
        (2, "in hours '10pm-6', '6' has no am or pm"),
        (3, "in hours '9 a.m. - 5:30', '5:30' has no am or pm"),
    }
    assert all("9am-5pm" in p.hint for p in problems.items)
    hours, problems = read("mon: 9am-17:00\ntue: 9-5\nwed: noon-5pm\nsun: 18:00-02:00\n")
    assert not problems.items and hours.days[0].ranges[0].closes == 17 * 60


def test_ranges_of_one_day_that_overlap_are_reported() -> None:
    value, problems = read("mon: 8am-8pm, 7pm-9pm\n")
    assert value is INVALID
    assert [(p.mark.line, p.message) for p in problems.items] == [
        (1, "hours '8am-8pm, 7pm-9pm' overlap")
    ]
    _, problems = read("mon: 8am-noon, 1pm-5pm\nfri: 6pm-2am, 3am-5am\n")
    assert not problems.items


def test_a_closure_in_the_past_is_a_warning() -> None:
    """Pages listed "Closed on these dates: December 25, 2025" a year on."""
    import datetime as dt

    problems = Problems()
    text = "daily: 9am-5pm\nclosures:\n  - date: 2025-12-25\n  - date: 2026-12-25\n"
    node = yamlsrc.load(text, "centers.yaml", problems)
    reader = Reader("centers.yaml", problems, {"today": dt.date(2026, 12, 2)})
    hours = HoursKind().read(node, "hours", reader)
    assert [c.date.isoformat() for c in hours.closures] == ["2025-12-25", "2026-12-25"]
    assert [(p.mark.line, p.severity.value, p.message) for p in problems.items] == [
        (3, "warning", "the closure on 2025-12-25 is in the past, and pages still list it")
    ]
