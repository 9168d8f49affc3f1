def test_home_page_opens_in_a_real_browser(live_server, page):
    page.goto(live_server.url + "/")
    assert page.title().endswith("Casebook")
