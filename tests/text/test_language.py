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


def test_paragraph_languages_for_mixed_documents() -> None:
    from claimgraph.text.clean import build_document

    text = (
        "The ministry said on Tuesday that the first tanks had arrived in the port.\n\n"
        "Министерство обороны заявило, что первые танки уже прибыли в порт.\n\n"
        "Officials declined to say how many vehicles were delivered in the first batch."
    )
    doc = build_document(text)
    languages = [p.language for p in doc.paragraph_languages]
    assert languages == ["en", "ru", "en"]
    assert all(p.confidence and p.confidence > 0.5 for p in doc.paragraph_languages)
    assert doc.paragraph_languages[1].span.text.startswith("Министерство")
    single = build_document("The ministry said the tanks had arrived in the port on Tuesday.")
    assert single.paragraph_languages == []


def test_candidate_set_is_configurable(monkeypatch) -> None:
    from claimgraph.text.language import ENV_LANGUAGES, candidate_languages

    assert set(candidate_languages()) >= {"en", "ru", "zh", "uk", "fr", "de", "es", "ar"}
    monkeypatch.setenv(ENV_LANGUAGES, "en,pl")
    assert candidate_languages() == ("en", "pl")
    polish = "Ministerstwo Obrony Narodowej poinformowało, że Polska otrzyma nowe czołgi."
    assert detect_language(polish)[0] == "pl"


def test_more_languages() -> None:
    assert (
        detect_language("Das Ministerium teilte mit, dass die Panzer im Hafen angekommen sind.")[0]
        == "de"
    )
    assert (
        detect_language("El ministerio dijo que los tanques llegaron al puerto el martes.")[0]
        == "es"
    )
    assert (
        detect_language("قالت وزارة الدفاع إن الدبابات وصلت إلى الميناء يوم الثلاثاء.")[0] == "ar"
    )
