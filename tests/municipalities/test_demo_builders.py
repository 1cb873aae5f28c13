"""seed_demo runs each app's demo builder after the builders whose content it uses (the SOT points name the
directory's companies as hosts; the marketplace's hubs take companies from the directory and competence), by
what each declares, not by the order the apps happen to be installed in."""
import pytest
from django.core.exceptions import ImproperlyConfigured

from municipalities import demo


def names() -> list[str]:
    return [name for name, _builder in demo.demo_builders_in_order()]


@pytest.fixture
def empty_registry(monkeypatch):
    monkeypatch.setattr(demo, "_demo_builders", {})


def noop(**kwargs):
    return None


class InstalledBuildersTests:
    def test_every_builder_runs_after_what_it_builds_on(self):
        order = names()
        assert set(order) == {"directory", "competence_needs", "competence_providers", "competence_maturity",
                              "competence_conversations", "marketplace", "sot_points"}
        assert order.index("directory") < order.index("sot_points")
        competence = ["competence_needs", "competence_providers", "competence_maturity", "competence_conversations"]
        assert [name for name in order if name.startswith("competence_")] == competence
        assert order.index("directory") < order.index("competence_needs")
        assert max(order.index(name) for name in ("directory", *competence)) < order.index("marketplace")


class OrderingTests:
    def test_a_builder_registered_before_what_it_needs_still_runs_after_it(self, empty_registry):
        demo.register_demo_builder("sot_points", noop, after=("directory",))
        demo.register_demo_builder("alerts", noop)
        demo.register_demo_builder("directory", noop)
        assert names() == ["alerts", "directory", "sot_points"]

    def test_builders_without_dependencies_keep_the_order_they_were_registered_in(self, empty_registry):
        for name in ("c", "a", "b"):
            demo.register_demo_builder(name, noop)
        assert names() == ["c", "a", "b"]

    def test_a_builder_registered_twice_keeps_its_first_registration(self, empty_registry):
        demo.register_demo_builder("directory", noop)
        demo.register_demo_builder("directory", print, after=("nothing",))
        assert demo.demo_builders_in_order() == [("directory", noop)]

    def test_a_dependency_no_app_registered_is_refused_by_name(self, empty_registry):
        demo.register_demo_builder("sot_points", noop, after=("directory",))
        with pytest.raises(ImproperlyConfigured, match="'sot_points' runs after \\['directory'\\]"):
            demo.demo_builders_in_order()

    def test_builders_waiting_for_each_other_are_refused(self, empty_registry):
        demo.register_demo_builder("a", noop, after=("b",))
        demo.register_demo_builder("b", noop, after=("a",))
        demo.register_demo_builder("c", noop)
        with pytest.raises(ImproperlyConfigured, match="wait for each other: \\['a', 'b'\\]"):
            demo.demo_builders_in_order()
