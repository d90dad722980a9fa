from site_builder.urls import Urls


def test_root_site() -> None:
    u = Urls("https://a.example.org/")
    assert u.page("index") == "/"
    assert u.page("services/iop", "who") == "/services/iop/#who"
    assert u.file("assets/css/site.1.css") == "/assets/css/site.1.css"
    assert u.absolute("faq") == "https://a.example.org/faq/"


def test_under_a_base_path_and_a_language_folder() -> None:
    u = Urls("https://example.org/clinics/a", language_prefix="es")
    assert u.base_path == "/clinics/a/"
    assert u.page("index") == "/clinics/a/es/"
    assert u.absolute("faq") == "https://example.org/clinics/a/es/faq/"


def test_dev_server_base_path_override() -> None:
    u = Urls("https://a.example.org/", base_path="/a/")
    assert u.page("contact") == "/a/contact/"
    assert u.absolute("contact") == "https://a.example.org/contact/"
