"""Language identification by script and function words."""

from claimgraph.text.language import detect_language


def test_english_and_others() -> None:
    assert detect_language("The ministry said that the army has received the drones.")[0] == "en"
    assert (
        detect_language("Министерство обороны заявило, что армия получила беспилотники.")[0] == "ru"
    )
    assert (
        detect_language("Міністерство оборони заявило, що армія отримала безпілотники і ракети.")[0]
        == "uk"
    )
    assert detect_language("国防部表示，军队已经收到无人机。")[0] == "zh"
    assert (
        detect_language("Le ministère a déclaré que les drones sont arrivés dans la capitale.")[0]
        == "fr"
    )
    assert detect_language("12345 ---")[0] is None
