site-name = Zusterstad
skip-to-content = Naar de inhoud
nav-label = Hoofdmenu
lang-switch-label = Taal
lang-name-nl = Nederlands
lang-name-ja = 日本語
lang-name-en = English
fallback-note = nog niet vertaald: getoond in het { $language }
example-badge = Voorbeeld (demogegevens)
home-title = Stedenbanden
home-intro = De stedenbanden van deze stad, bijgehouden door beide stadhuizen.
home-since = zustersteden sinds
home-empty = Er zijn nog geen stedenbanden gepubliceerd.
nav-overview = Overzicht
nav-agreements = Overeenkomsten
nav-activities = Activiteiten
nav-community = Gemeenschap
nav-supporters = Supporters Club
nav-events = Evenementen
nav-news = Nieuws
nav-symbols = Symbolen en geschenken
nav-timeline = Tijdlijn
nav-sdgs = SDG's
nav-search = Zoeken
years-of-friendship = { $years } jaar vriendschap
since-year = Zustersteden sinds { $year }
overview-cities = De twee steden
overview-focus = Domeinen van samenwerking
overview-agreement = De geldende overeenkomst
overview-upcoming = Komende evenementen
overview-news = Laatste nieuws
overview-all-agreements = Alle overeenkomsten
overview-all-events = Alle evenementen
overview-all-news = Al het nieuws
city-founded = Gesticht
city-population = Inwoners
city-time-zone = Tijdzone
city-facts = Feiten
focus-youth_exchange = Jongerenuitwisselingen
focus-academic = Academische samenwerking
focus-cultural = Culturele samenwerking
focus-culinary = Culinaire uitwisselingen
focus-knowledge_sharing = Kennisdeling
focus-sport = Sport
focus-economic = Economie
direction-a_to_b = { $a } → { $b }
direction-b_to_a = { $b } → { $a }
direction-both = In beide richtingen
direction-online = Online
agreements-title = Overeenkomsten
agreements-city = Tussen de twee steden
agreements-institutions = Tussen instellingen
agreement-kind-sister_city_declaration = Zusterstedenverklaring
agreement-kind-declaration_of_intent = Intentieverklaring
agreement-kind-mou = Memorandum of Understanding
agreement-kind-institutional_agreement = Samenwerkingsakkoord tussen instellingen
agreement-kind-joint_statement = Gezamenlijke verklaring
status-upcoming = Nog niet van kracht
status-in_force = Van kracht
status-expiring = Van kracht, loopt binnenkort af
status-expired = Verlopen
status-superseded = Vervangen
days-left = { $days ->
    [one] nog { $days } dag
   *[other] nog { $days } dagen
}
agreement-signed = Ondertekend
agreement-valid-until = Geldig tot
agreement-download = Download de pdf ({ $size })
agreement-between = Tussen { $a } en { $b }
activities-title = Activiteiten en uitwisselingen
filter-legend = Filter
filter-year = Jaar
filter-focus = Domein
filter-direction = Richting
filter-all = Alle
filter-apply = Toon
activities-none = Geen activiteiten voor deze filter.
activities-count = { $n ->
    [one] { $n } activiteit
   *[other] { $n } activiteiten
}
participants = Deelnemers
participant-students = Studenten
participant-academics = Academici
participant-musicians = Muzikanten
participant-artists = Kunstenaars
participant-athletes = Sporters
participant-chefs = Chefs en patissiers
participant-officials = Ambtenaren en mandatarissen
participant-ambassadors = Ambassadeurs
participant-citizens = Burgers
dates = Data
organisations = Organisaties
community-title = Gemeenschap
community-intro = Veel organisaties en burgers dragen de stedenband. Deze instellingen werken samen over beide steden heen.
community-pairs = Partnerinstellingen
community-organisations = Organisaties
org-kind-university = Universiteit of hogeschool
org-kind-school_of_arts = Kunstschool
org-kind-museum = Museum
org-kind-orchestra = Orkest
org-kind-school = School
org-kind-company = Bedrijf
org-kind-association = Vereniging
org-kind-city_department = Stadsdienst
org-kind-government = Overheid
org-website = Website
org-partners = Partners in de andere stad
org-activities = Activiteiten
supporters-title = Gent-Kanazawa Supporters Club
supporters-intro = Uitwisselingsstudenten en anderen die beide steden en de stedenband promoten. We tonen alleen ambassadeurs die met een openbaar profiel instemden.
supporters-cohort = Lichting { $year }
supporters-none = Nog geen openbare profielen.
supporters-from = uit { $city }
events-title = Evenementen
events-upcoming = Binnenkort
events-past = Voorbij
events-none = Er zijn momenteel geen evenementen gepland.
event-kind-network_event = Netwerkevent
event-kind-anniversary = Jubileum
event-kind-concert = Concert
event-kind-exhibition = Tentoonstelling
event-kind-official_visit = Officieel bezoek
event-kind-lecture = Lezing
event-kind-workshop = Workshop
event-kind-other = Evenement
event-when = Wanneer
event-where = Waar
event-online = Online
event-next-day = volgende dag
event-previous-day = vorige dag
event-registration = Inschrijven
event-places = { $n } plaatsen
event-waiting-list = met een wachtlijst als het vol is
event-deadline = Inschrijven vóór { $date }
event-ics = Zet in je agenda (.ics)
news-title = Nieuws
news-none = Nog geen nieuws.
news-feed = Volg het nieuws (Atom-feed)
news-published = Gepubliceerd op { $date }
symbols-title = Symbolen en geschenken
symbols-intro = Geschenken en symbolen van de stedenband, in beide steden.
symbols-map = Kaart van de symbolen en geschenken
symbols-list = Lijst
symbol-location = Plaats
symbol-coordinates = Coördinaten
symbol-precision-exact = exact
symbol-precision-approximate = bij benadering
symbol-precision-city_centre = bij benadering: stadscentrum
symbol-given = Geschonken in { $year }
symbol-by = Geschonken door
symbol-occasion = Aanleiding
symbols-geojson = Open data (GeoJSON)
timeline-title = Tijdlijn
milestone-founded = { $city } wordt gesticht
milestone-established = { $a } en { $b } worden zustersteden
anniversary = { $n } jaar stedenband
programme-activities = Activiteiten in dit programma
programme-events = Evenementen in dit programma
sdgs-title = Duurzame ontwikkelingsdoelen
sdgs-intro = De VN-doelen waaraan de stedenband werkt, met de activiteiten erachter.
sdg-goal = Doel { $n }
sdg-no-activities = Nog geen activiteiten voor dit doel.
sdg-1 = Geen armoede
sdg-2 = Geen honger
sdg-3 = Goede gezondheid en welzijn
sdg-4 = Kwaliteitsonderwijs
sdg-5 = Gendergelijkheid
sdg-6 = Schoon water en sanitair
sdg-7 = Betaalbare en duurzame energie
sdg-8 = Waardig werk en economische groei
sdg-9 = Industrie, innovatie en infrastructuur
sdg-10 = Ongelijkheid verminderen
sdg-11 = Duurzame steden en gemeenschappen
sdg-12 = Verantwoorde consumptie en productie
sdg-13 = Klimaatactie
sdg-14 = Leven in het water
sdg-15 = Leven op het land
sdg-16 = Vrede, justitie en sterke publieke diensten
sdg-17 = Partnerschap om doelstellingen te bereiken
search-title = Zoeken
search-label = Zoek in de stedenband
search-button = Zoek
search-results = { $n ->
    [one] { $n } resultaat voor ‘{ $q }’
   *[other] { $n } resultaten voor ‘{ $q }’
}
search-none = Niets gevonden voor ‘{ $q }’.
kind-activity = Activiteit
kind-event = Evenement
kind-news = Nieuws
kind-organisation = Organisatie
kind-agreement = Overeenkomst
kind-symbol = Symbool
footer-feeds = Feeds en open data
footer-calendar = Evenementenkalender (.ics)
footer-about = Gepubliceerd door de stadhuizen van beide steden, met Zusterstad.
not-found-title = Pagina niet gevonden
not-found-text = Deze pagina bestaat niet (meer). Begin opnieuw bij het overzicht.
reg-title = Inschrijven
reg-name = Naam
reg-email = E-mailadres
reg-consent = Ik ga ermee akkoord dat mijn naam en e-mailadres bewaard worden om dit evenement te organiseren.
reg-submit = Schrijf me in
reg-places-left = { $n ->
    [one] nog { $n } plaats vrij
   *[other] nog { $n } plaatsen vrij
}
reg-full-waiting = Het evenement is volzet: je kunt je nog op de wachtlijst zetten.
reg-full = Dit evenement is volzet.
reg-closed = De inschrijvingen voor dit evenement zijn afgesloten.
reg-done-confirmed = Je bent ingeschreven. We stuurden een bevestiging naar je e-mailadres.
reg-done-waiting = Het evenement is volzet, dus je staat op de wachtlijst. We mailen je zodra er een plaats vrijkomt.
reg-error-summary = Kijk het formulier even na:
reg-error-name = Vul je naam in.
reg-error-email = Vul een geldig e-mailadres in.
reg-error-consent = Geef aan dat we je naam en adres voor dit evenement mogen bewaren.
reg-error-duplicate = Dit e-mailadres is al ingeschreven voor dit evenement.
cancel-title = Inschrijving annuleren
cancel-text = { $name }, wil je je inschrijving voor ‘{ $event }’ annuleren?
cancel-button = Annuleer mijn inschrijving
cancel-done = Je inschrijving is geannuleerd. Bedankt om het te laten weten.
cancel-unknown = Deze annuleringslink is niet (meer) geldig.
mail-subject-confirmed = Inschrijving bevestigd: { $event }
mail-subject-waiting = Op de wachtlijst: { $event }
mail-subject-promoted = Er is een plaats vrijgekomen: { $event }
mail-body-confirmed = Beste { $name },

    Je bent ingeschreven voor ‘{ $event }’ op { $date } ({ $times }).

    Kun je toch niet komen? Annuleer hier, zodat iemand anders je plaats kan innemen:
    { $link }
mail-body-waiting = Beste { $name },

    ‘{ $event }’ op { $date } is volzet, dus je staat op de wachtlijst. We mailen je zodra er een plaats vrijkomt.

    Geen interesse meer? Verlaat de wachtlijst hier:
    { $link }
mail-body-promoted = Beste { $name },

    Goed nieuws: er is een plaats vrijgekomen en je bent nu ingeschreven voor ‘{ $event }’ op { $date } ({ $times }).

    Kun je toch niet komen? Annuleer hier:
    { $link }
kind-city = Stad
filter-kind = Soort
nav-reports = Rapporten
reports-title = Rapporten
reports-intro = De stedenband in cijfers: wat er gebeurde, in welke domeinen, in welke richting en voor welke doelen.
reports-from = Van
reports-to = Tot
reports-show = Toon
reports-activities = { $n ->
    [one] { $n } activiteit in deze periode
   *[other] { $n } activiteiten in deze periode
}
reports-by-focus = Activiteiten per domein
reports-by-direction = Activiteiten per richting
reports-participants-kind = Deelnemers per soort
reports-participants-origin = Deelnemers per thuisstad
reports-sdgs = Behandelde SDG's (aantal activiteiten)
reports-agreements = Overeenkomsten van kracht in deze periode
reports-pairs = Actieve partnerinstellingen in deze periode
reports-events = Evenementen en opkomst
reports-attendance = Bevestigde inschrijvingen
reports-count = Aantal
reports-none = Geen activiteiten in deze periode.
reports-csv = Download deze tabel (csv)
reports-chart = Staafdiagram van de cijfers in de tabel hieronder.
origin-city_a = Uit { $a }
origin-city_b = Uit { $b }
origin-both = In beide richtingen (niet per stad opgesplitst)
origin-online = Online
