site-name = Zusterstad
skip-to-content = Naar de inhoud
nav-label = Hoofdmenu
menu = Menu
lang-switch-label = Taal
lang-name-nl = Nederlands
lang-name-ja = 日本語
lang-name-en = English
fallback-note = (nog niet vertaald: getoond in het { $language })
example-badge = Voorbeeld (demogegevens)
home-title = Stedenbanden
home-intro = De stedenbanden van deze stad, bijgehouden door beide stadhuizen.
home-since = zustersteden sinds { $year }
home-empty = Er zijn nog geen stedenbanden gepubliceerd.
home-map = Kaart van de partnerschappen
home-geojson = De steden van alle partnerschappen als GeoJSON
home-filter-words = Stad, land of partnerschap
home-filter-theme = Thema
home-count = { $n ->
    [one] 1 partnerschap
   *[other] { $n } partnerschappen
}
home-none-found = Geen partnerschap past bij die filter.
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
city-country = Land
year = { $year }
# From one day to another in the same month (18–24), and otherwise.
date-range-days = { $from }–{ $to }
date-range = { $from } – { $to }
# The end of a period known only to the month or year.
period-end-month = eind { $month }
period-end-year = eind { $year }
country-BE = België
country-JP = Japan
country-NL = Nederland
country-US = Verenigde Staten
city-population-at-least = meer dan { $n }
city-time-zone-summer = { $standard } (zomer: { $summer })
event-zone-choice = { $city } – { $offsets }
city-native = { $name }（{ $reading }）
city-reading = ({ $reading })
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
pager-label = Pagina's
pager-previous = Vorige pagina
pager-next = Volgende pagina
pager-status = Pagina { $page } van { $pages }
activities-all = Alle { $n } activiteiten
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
event-time-home = { $time } uur in { $city }
event-time-other = in { $city }: { $time } uur{ $day ->
    [next] , de volgende dag
    [previous] , de dag ervoor
   *[same] {""}
}
event-times = { $home } ({ $others })
event-until = tot { $time } uur
event-until-day = tot { $date }, { $time } uur
event-registration = Inschrijven
event-places = { $n } plaatsen
event-waiting-list = met een wachtlijst als het vol is
event-deadline = Inschrijven tot en met { $date }
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
symbol-degrees = { $lat }° { $ns ->
    [south] ZB
   *[north] NB
}, { $lon }° { $ew ->
    [west] WL
   *[east] OL
}
symbol-position = { $position } ({ $precision })
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
unavailable-title = Tijdelijk niet beschikbaar
unavailable-text = We kunnen op dit moment niets opslaan of opvragen, dus er is niets gewijzigd. Probeer het over enkele minuten opnieuw.
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
reg-done-unconfirmed = Bijna klaar: open de link in de mail die we je net stuurden om je inschrijving te bevestigen. We houden { $minutes } minuten een plaats voor je vrij.
reg-done-unconfirmed-waiting = Bijna klaar: open de link in de mail die we je net stuurden om je inschrijving te bevestigen. Het evenement is volzet, dus dan kom je op de wachtlijst.
reg-error-summary = Kijk het formulier even na:
reg-error-name = Vul je naam in.
reg-error-email = Vul een geldig e-mailadres in.
reg-error-consent = Geef aan dat we je naam en adres voor dit evenement mogen bewaren.
reg-error-duplicate = Dit e-mailadres is al ingeschreven voor dit evenement.
reg-error-too-many = Er kwamen te veel inschrijvingen van jouw verbinding. Probeer het opnieuw over { $minutes ->
    [one] een minuut
   *[other] { $minutes } minuten
}.
reg-error-busy = Er schrijven zich net heel veel mensen in voor dit evenement. Probeer het opnieuw over { $minutes ->
    [one] een minuut
   *[other] { $minutes } minuten
}.
cancel-title = Inschrijving annuleren
cancel-text = { $name }, wil je je inschrijving voor ‘{ $event }’ annuleren?
cancel-button = Annuleer mijn inschrijving
cancel-done = Je inschrijving is geannuleerd. Bedankt om het te laten weten.
cancel-unknown = Deze annuleringslink is niet (meer) geldig.
confirm-title = Inschrijving bevestigen
confirm-text = { $name }, bevestig je je inschrijving voor ‘{ $event }’?
confirm-button = Bevestig mijn inschrijving
confirm-done-confirmed = Je inschrijving is bevestigd. Je krijgt een mail met de details en een link om te annuleren.
confirm-done-waiting = Je inschrijving is bevestigd. Het evenement is volzet, dus je staat op de wachtlijst: we mailen je zodra er een plaats vrijkomt.
confirm-unknown = Deze bevestigingslink is niet (meer) geldig. Schrijf je gerust opnieuw in via de pagina van het evenement.
confirm-too-late = Sorry, de inschrijvingen voor dit evenement zijn intussen afgesloten of het is volzet.
mail-subject-confirmed = Inschrijving bevestigd: { $event }
mail-subject-waiting = Op de wachtlijst: { $event }
mail-subject-promoted = Er is een plaats vrijgekomen: { $event }
mail-subject-confirm = Bevestig je inschrijving: { $event }
mail-body-confirm = Beste { $name },

    Met dit e-mailadres werd een inschrijving verstuurd voor ‘{ $event }’ op { $date } ({ $times }).
    Bevestig ze via deze link; we houden { $minutes } minuten een plaats voor je vrij:
    { $link }

    Heb jij je niet ingeschreven? Dan hoef je niets te doen: zonder bevestiging wissen we je gegevens binnen een dag.
# How every mail ends, before the sender's signature.
mail-closing = Met vriendelijke groeten
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
reports-headline-activities = Activiteiten
reports-headline-participants = Deelnemers aan activiteiten
reports-headline-events = Evenementen
reports-headline-pairs = Actieve instellingenparen
reports-unrecorded = Evenementen zonder inschrijving via deze website (aantal deelnemers niet bijgehouden)
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

## Workspace
desk-name = Zusterstad-werkruimte
desk-nav-label = Werkruimte
desk-nav-home = Overzicht
desk-nav-events = Evenementen
desk-nav-translate = Te vertalen
desk-nav-calls = Belplanner
desk-nav-account = Mijn account
desk-logout = Afmelden
desk-forbidden-title = Niet toegestaan
desk-forbidden-text = Met je rol kan je deze pagina of actie niet gebruiken. Vraag het aan een coördinator of de beheerder als je ze nodig hebt.
desk-partnerships = Partnerschappen
desk-no-partnerships = Er is nog geen partnerschap aan je account gekoppeld.
desk-your-side = Je bent coördinator voor { $city }.
desk-col-title = Titel
desk-col-status = Status
desk-col-actions = Acties
desk-col-when = Wanneer
desk-renew = Vernieuwing voorbereiden
desk-waiting = Wacht op goedkeuring van jouw kant
desk-nothing-waiting = Er wacht niets op jouw goedkeuring.
desk-to-translate = { $count ->
    [one] Eén tekst te vertalen naar jouw taal
   *[other] { $count } teksten te vertalen naar jouw taal
}
desk-upcoming = Komende evenementen
desk-registrations = { $confirmed } ingeschreven, { $waiting } op de wachtlijst
desk-recent = Recente wijzigingen
desk-mail-trouble = { $count ->
    [one] Eén mail kon niet verstuurd worden.
   *[other] { $count } mails konden niet verstuurd worden.
}
mail-title = Mails die nog niet verstuurd zijn
mail-intro = Elke mail wordt opnieuw geprobeerd, met telkens een langere pauze. Lukt het na acht pogingen niet, dan stoppen we en neem je best op een andere manier contact op.
mail-more = En nog { $count } mails die wachten.
mail-none = Alle mails zijn verstuurd.
mail-to = Aan
mail-subject = Onderwerp
mail-queued = Klaargezet
mail-error = Laatste fout
mail-retry = { $tries } { $tries ->
    [one] poging
   *[other] pogingen
}, volgende op { $when }
mail-gave-up = Opgegeven na { $tries } pogingen
desk-event-new = Nieuw evenement
desk-filter = Toon
desk-filter-upcoming = Komende
desk-filter-past = Voorbije
desk-filter-all = Alle
desk-joint = gezamenlijk
desk-save = Opslaan
desk-yes = ja
desk-no = nee
desk-on-portal = Bekijk op het publieke portaal
desk-error-choose = Kies een van de mogelijkheden.
desk-error-time-zone = Kies een tijdzone.
desk-error-date-time = Vul een datum en uur in.
desk-error-date = Vul een datum in als jaar-maand-dag.
desk-error-clock-change = Dit uur bestaat niet in deze tijdzone (de klok wordt verzet).
desk-error-number = Vul een geheel getal in, of laat leeg voor geen limiet.
desk-error-version = Dit formulier is onvolledig; open het evenement opnieuw.
login-title = Aanmelden
login-email = E-mailadres
login-password = Wachtwoord
login-button = Aanmelden
login-forgot = Wachtwoord vergeten? De beheerder van je stad kan je een link sturen om een nieuw in te stellen.
login-wrong = Het e-mailadres of wachtwoord klopt niet.
login-wait = Te veel mislukte pogingen: wacht { $seconds } seconden voor je het opnieuw probeert.
login-locked = Te veel mislukte pogingen: aanmelden is geblokkeerd tot { $time }.
login-logged-out = Je bent afgemeld.
login-logged-out-everywhere = Je bent afgemeld op al je toestellen.
account-title = Mijn account
account-language = Taal van de werkruimte
account-language-unknown = Kies Nederlands, Japans of Engels.
account-language-changed = De taal is opgeslagen.
account-password = Wachtwoord
account-current = Huidig wachtwoord
account-new = Nieuw wachtwoord
account-repeat = Nieuw wachtwoord nog eens
account-change-password = Wachtwoord wijzigen
account-current-wrong = Dit is niet je huidige wachtwoord.
account-new-weak = Dit wachtwoord wordt niet aanvaard: { $reason }.
account-repeat-differs = De twee nieuwe wachtwoorden zijn niet hetzelfde.
account-password-changed = Je wachtwoord is gewijzigd. Op je andere toestellen ben je afgemeld.
account-sessions = Toestellen
account-sessions-text = Gsm kwijt, of aangemeld op een gedeelde computer? Meld je in één keer overal af.
account-logout-everywhere = Overal afmelden
text-status-original = origineel
text-status-translated = vertaald
text-status-machine = machinevertaling
text-status-stale = bij te werken
text-status-missing = ontbreekt
event-field-title = Titel
event-field-description = Beschrijving (Markdown)
event-field-venue = Locatie
event-field-kind = Soort evenement
event-field-starts = Begint (plaatselijke tijd)
event-field-ends = Eindigt (plaatselijke tijd)
event-field-time_zone = Tijdzone
event-field-online_url = Onlinelink
event-field-registration = Inschrijven mogelijk
event-field-capacity = Plaatsen (leeg: geen limiet)
event-field-joint = Gezamenlijk evenement
event-joint-help = Verschijnt pas op het portaal als een coördinator van elke stad deze versie heeft goedgekeurd.
event-field-publication = Publicatie
publication-draft = Ontwerp
publication-published = Gepubliceerd
publication-archived = Gearchiveerd
approval-title = Gezamenlijke goedkeuring
approval-portal-shows = Tot beide steden deze versie goedkeuren, toont het portaal versie { $version }, de laatste die beide goedkeurden.
approval-portal-hidden = Niet op het portaal tot beide steden deze versie goedkeuren.
approval-given = goedgekeurd
approval-waiting = wacht op goedkeuring
approval-approve = Deze versie goedkeuren voor mijn stad
conflict-title = Iemand anders heeft dit evenement eerst opgeslagen
conflict-text = Er is niets overschreven. Vergelijk jouw versie met de opgeslagen versie; het formulier hieronder houdt jouw wijzigingen bij, zodat je ze bewust kan opslaan.
conflict-field = Veld
conflict-yours = Jouw versie
conflict-theirs = Opgeslagen versie
history-title = Geschiedenis
history-create = aangemaakt
history-update = gewijzigd
history-delete = verwijderd
history-before = Voor
history-after = Na
history-field-lang = { $field } ({ $lang })
history-true = ja
history-false = nee
history-hidden = (niet getoond)
history-count = { $what }: { $n }
via-web = de werkruimte
via-api = de API
via-cli = de opdrachtregel van de server
via-demo = demogegevens
via-portal = een bezoeker van de website
via-system = Zusterstad zelf
translate-title = Te vertalen naar het { $language }
translate-languages = Talen
translate-none = Niets te vertalen: elke tekst is er en is bijgewerkt.
translate-count = { $n ->
    [one] Eén tekst te vertalen
   *[other] { $n } teksten te vertalen
}
translate-item = Item
translate-source = Te vertalen tekst
calls-intro = De volle uren waarop beide stadhuizen aan het werk zijn (maandag tot vrijdag), zomer- en wintertijd inbegrepen.
calls-date = Datum
calls-from = Kantooruren vanaf (uur)
calls-until = Kantooruren tot (uur)
calls-show = Toon
calls-none = Op deze dag past geen enkel uur voor beide steden.
calls-error-hours = De kantooruren moeten beginnen voor ze eindigen; de gewone uren worden getoond.
kind-partnership = Partnerschap
kind-news_post = Nieuws
kind-programme = Programma
kind-document = Document
kind-landmark = Symbool
kind-organisation_pair = Instellingenpaar
kind-approval = Goedkeuring
kind-file = Bestand
kind-person = Persoon
kind-ambassador = Ambassadeur
kind-user_account = Gebruiker
kind-role_grant = Rol
kind-event_registration = Inschrijving
kind-api_token = API-sleutel
login-password-set = Je wachtwoord is ingesteld. Je kan je er nu mee aanmelden.
users-title = Gebruikers
users-name = Naam
users-roles = Rollen
users-role = Rol
users-disabled = uitgeschakeld
users-add = Gebruiker toevoegen
users-add-help = De nieuwe gebruiker krijgt een e-mail met een link om zelf een wachtwoord te kiezen.
users-scope = Keuzes uit het partnerschap met adres
users-scope-show = Toon de keuzes
users-scope-help = Het adres van het partnerschap, zoals in /manage/gent-kanazawa. De zijden, organisaties en personen hieronder komen uit dat partnerschap.
users-scope-unknown = Er is geen partnerschap met dat adres.
users-side = Kant (voor een coördinator)
users-side-help = Het partnerschap en de stad waarvoor de coördinator werkt.
users-organisation = Organisatie (voor een redacteur)
users-person = Persoon (voor een ambassadeur)
users-link-sent = Er is een link gemaild om een wachtwoord in te stellen. Komt die niet aan, geef dan deze link door (48 uur en één keer geldig):
users-add-role = Deze rol toevoegen
users-remove-role = Verwijderen
users-access = Toegang
users-send-link = Link sturen om een nieuw wachtwoord te kiezen
users-disable = Account uitschakelen
users-enable = Account inschakelen
users-error-email = Vul een e-mailadres in.
users-error-email-taken = Er is al een gebruiker met dit e-mailadres.
users-error-name = Vul een naam in.
users-error-side = Kies het partnerschap en de kant van deze coördinator.
users-error-organisation = Kies de organisatie van deze redacteur.
users-error-person = Kies de persoonsfiche van de ambassadeur.
users-error-self = Je kan je eigen account niet uitschakelen.
role-admin = Beheerder
role-coordinator = Coördinator
role-editor = Redacteur
role-ambassador = Ambassadeur
reset-title = Kies een wachtwoord
reset-button = Wachtwoord opslaan
reset-invalid = Deze link is niet (meer) geldig. Een link werkt één keer en 48 uur lang; vraag de beheerder om een nieuwe.
audit-title = Logboek
audit-person = Persoon
audit-kind = Soort item
audit-record = Itemnummer
audit-from = Van
audit-until = Tot
audit-change = Wijziging
audit-none = Geen wijzigingen gevonden.
mail-subject-password-link = Kies je wachtwoord voor Zusterstad
mail-body-password-link = Dag { $name },

    Open deze link om je wachtwoord voor de Zusterstad-werkruimte te kiezen:
    { $link }

    De link werkt één keer, { $hours } uur lang. Verwachtte je deze mail niet, dan mag je hem negeren.
registrations-title = Inschrijvingen
registrations-back = Terug naar het evenement
registrations-csv = Downloaden als CSV
registrations-capacity = Plaatsen
registrations-no-limit = geen limiet
registrations-none = Er heeft zich nog niemand ingeschreven.
registrations-col-name = Naam
registrations-col-at = Ingeschreven op
registrations-col-language = Taal
registrations-promote = Plaats geven
registrations-message = De deelnemers een bericht sturen
registrations-subject = Onderwerp
registrations-body = Bericht
registrations-include-waiting = Ook de wachtlijst aanschrijven
registrations-send = Versturen
registrations-sent = { $count ->
    [one] Het bericht is naar één persoon verstuurd.
   *[other] Het bericht is naar { $count } personen verstuurd.
}
registrations-error-subject = Vul een onderwerp van één regel in (hoogstens 200 tekens).
registrations-error-body = Schrijf een bericht.
registrations-message-footer = Je krijgt deze mail omdat je je voor dit evenement hebt ingeschreven. Inschrijving annuleren: { $link }
registration-status-confirmed = ingeschreven
registration-status-waiting = wachtlijst
registration-status-cancelled = geannuleerd
registration-status-unconfirmed = nog niet bevestigd
people-title = Personen
people-none = Geen personen gevonden.
people-cohort = Lichting
people-home-city = Thuisstad
people-exchange = De uitwisseling waarlangs ze kwamen (niet verplicht)
people-appoint = Tot ambassadeur benoemen
people-no-membership = (Nog) geen ambassadeur.
people-membership = Ambassadeur, lichting { $year }, uit { $city }
people-consents = Toestemmingen
people-consent-publish_profile = Openbaar profiel op het portaal
people-consent-photos = Foto's mogen getoond worden
people-consent-contact = Mag gecontacteerd worden
people-consent-given = gegeven op { $date }
people-consent-withdrawn = ingetrokken op { $date }
people-consent-none = niet gevraagd
people-saved-consents = De toestemmingen zijn opgeslagen, met de datum van vandaag waar ze veranderden.
people-saved-ambassador = Deze persoon is nu ambassadeur.
people-error-year = Vul de lichting in als jaartal, bijvoorbeeld 2026.
people-error-confirm = Vink het vakje aan om het wissen te bevestigen.
people-data = Persoonsgegevens
people-export = Alles downloaden wat over deze persoon bewaard wordt (JSON)
people-erase-confirm = Ja, wis de persoonsgegevens van deze persoon. Naam, contactgegevens en profiel verdwijnen definitief; de cijfers in de rapporten blijven.
people-erase = Persoonsgegevens wissen
history-export = geëxporteerd
history-erase = gewist
field-kind = Soort
field-title = Titel
field-summary = Samenvatting
field-body = Tekst (Markdown)
field-description = Beschrijving (Markdown)
field-name = Naam
field-short_name = Korte naam
field-website = Website
field-city_id = Stad
field-organisation_pair_id = Instellingenpaar (bij een instellingsakkoord)
field-signed_on = Ondertekend op
field-signed_year = Jaar van ondertekening
field-valid_from = Geldig vanaf
field-valid_until = Geldig tot
field-document_id = Document
field-renews_id = Vernieuwt
field-joint = Gezamenlijk (beide steden keuren goed)
field-publication = Publicatie
field-example = Voorbeeld (verzonnen voor de demo)
field-slug = Adres (slug)
field-published_at = Publicatiemoment (UTC)
field-photo_id = Foto
field-focus = Domein
field-direction = Richting
field-starts_on = Begindatum
field-ends_on = Einddatum
field-participants = Deelnemers
field-organisation_ids = Organisaties
field-sdgs = Duurzame-ontwikkelingsdoelen
field-programme_id = Programma
field-organisation_a_id = Organisatie A
field-organisation_b_id = Organisatie B
field-since_year = Sinds (jaar)
field-location = Plaats
field-latitude = Breedtegraad
field-longitude = Lengtegraad
field-precision = Nauwkeurigheid van de ligging
field-given_year = Jaar van de gift
field-given_by = Geschonken door
field-occasion = Gelegenheid
field-form = Formulier
field-version = Versie
records-title = Gegevens
records-agreement = Overeenkomsten
records-news_post = Nieuws
records-activity = Activiteiten
records-organisation = Organisaties
records-organisation_pair = Instellingenparen
records-programme = Programma's
records-landmark = Symbolen
records-new = Nieuw item
records-none = Geen items gevonden.
records-current = Actueel
records-updated = Laatst gewijzigd
records-saved = Opgeslagen.
records-preview = Voorbeeld tonen
records-preview-of = Voorbeeld
records-delete = Verwijderen
records-delete-help = Wil je het enkel van het portaal halen? Kies dan publicatie ‘Gearchiveerd’.
records-delete-ask = Dit kan niet ongedaan gemaakt worden.
records-delete-now = Ja, definitief verwijderen
records-cannot-delete = Dit item kan niet verwijderd worden: andere items verwijzen ernaar, of iemand heeft het intussen gewijzigd. Archiveer het in de plaats.
records-joint-delete = Dit item is gezamenlijk: het wordt pas verwijderd nadat beide steden de archivering goedkeurden (archiveer het; zodra de andere stad dat goedkeurde, kunt u het verwijderen), of door een beheerder.
records-error-whole-number = Vul een geheel getal in.
records-error-number = Vul een getal in, zoals 51.05.
records-error-participants = Kies bij elke rij een soort deelnemer en vul een aantal in.
records-participant-kind = Soort deelnemer
records-participant-count = Aantal
conflict-title-item = Iemand anders heeft dit item eerst opgeslagen
records-error-form = Het formulier kon niet gelezen worden: { $detail }
records-conflict-field = opgeslagen: { $theirs } — jouw versie: { $yours }
reminder-subject = Zusterstad: er wacht iets op je in { $partnership }
reminder-hello = Dag { $name },
reminder-expiring = De overeenkomst ‘{ $title }’ loopt af over { $days } dagen. Tijd om de vernieuwing voor te bereiden.
reminder-approval = ‘{ $title }’ wacht op de goedkeuring van jouw stad.
reminder-stale = Een vertaling moet bijgewerkt worden, omdat de oorspronkelijke tekst veranderde: { $what }
reminder-text = { $kind } #{ $id } – { $field }
reminder-footer = Je krijgt deze herinnering één keer per item, als coördinator in de Zusterstad-werkruimte.
field-family_name = Familienaam
field-given_name = Voornaam
field-family_name_reading = Lezing van de familienaam (kana)
field-given_name_reading = Lezing van de voornaam (kana)
field-family_name_romaji = Familienaam in Latijnse letters
field-given_name_romaji = Voornaam in Latijnse letters
field-organisation_id = Organisatie
field-email = E-mailadres
field-phone = Telefoon
field-person_id = Persoon
field-cohort_year = Lichting (jaar)
field-home_city_id = Thuisstad
field-activity_id = Uitwisseling
field-status = Status
field-profile = Profiel (Markdown)
records-person = Personen
records-ambassador = Ambassadeurs
ambassador-status-active = actief
ambassador-status-alumni = oud-ambassadeur
ambassador-status-inactive = niet actief
profile-title = Mijn profiel
profile-intro = Je profiel in de Supporters Club. Schrijf het in de talen die je wil; de coördinatoren kunnen vertalingen toevoegen.
profile-public = Mijn profiel tonen op het publieke portaal
profile-not-saved = Je profiel is niet opgeslagen: iemand heeft het intussen gewijzigd, of een tekst is te lang. Probeer het opnieuw.
upload-title = Document of foto opladen
upload-intro = PDF-documenten en foto's (JPEG of PNG) tot 25 MB. Het soort bestand wordt uit de inhoud afgeleid, niet uit de naam.
upload-file = Bestand
upload-button = Opladen
upload-multilingual = Meertalig
upload-error-empty = Kies een bestand om op te laden.
upload-error-type = Dit bestand is geen PDF, JPEG of PNG (wat de naam ook zegt) en wordt niet aanvaard.
upload-error-title = Geef het document een titel, in minstens één taal.
records-document = Documenten en foto's
field-language = Taal van het document
field-file_name = Bestandsnaam
document-language- = Meertalig
document-language-nl = Nederlands
document-language-ja = Japans
document-language-en = Engels
upload-error-size = Dit bestand is groter dan { $mb } MB. Verklein het (of splits het op) en probeer opnieuw.
upload-error-pixels = Deze foto heeft meer dan { $megapixels } miljoen pixels. Sla hem kleiner op en probeer opnieuw.
field-established_year = Jaar van de stedenband
field-established_on = Datum van de stedenband
field-focus_areas = Domeinen
field-expiry_window_days = Herinnering voor het aflopen (dagen)
field-native_name = Naam in de eigen taal
field-native_reading = Lezing (kana)
field-romaji = Naam in Latijnse letters
field-country = Land (ISO-code)
field-time_zone = Tijdzone (IANA, zoals Asia/Tokyo)
field-founded_year = Gesticht in
field-population = Inwoners
field-date_precision = Datums bekend tot op
date-precision- = de dag
date-precision-month = de maand
date-precision-year = het jaar
field-mail_signature = Ondertekening van mails
records-partnership = Partnerschap
records-city = Steden
import-title = Importeren uit een rekenblad (CSV)
import-upload = Bestand kiezen
import-intro = Sla het rekenblad op als CSV (UTF-8; komma's of puntkomma's). De eerste regel bevat de kolomnamen. Je ziet eerst wat er aangemaakt of bijgewerkt wordt; er verandert pas iets als je bevestigt. Een bestand met fouten wordt helemaal geweigerd.
import-what = Wat staat er in het bestand?
import-columns = kolommen, * verplicht
import-target-activities = Activiteiten
import-target-organisations = Organisaties
import-target-people = Personen
import-check = Controleren
import-preview = Voorbeeld: dit wordt geïmporteerd
import-confirm = Bevestigen en importeren
import-refused = Het bestand is niet geïmporteerd. Verbeter deze fouten en probeer opnieuw:
import-line = Regel
import-column = Kolom
import-problem = Probleem
import-details = Details
import-create = nieuw
import-update = bijwerken
import-conflict = Iemand heeft intussen een van deze items gewijzigd. Er is niets geïmporteerd; controleer het bestand opnieuw.
import-done = Geïmporteerd: { $created } nieuw, { $updated } bijgewerkt.
import-limit = Een bestand mag tot { $size } groot zijn en tot { $rows } rijen bevatten.
import-error-size = Het bestand is groter dan { $size }. Splits het in kleinere bestanden en importeer ze na elkaar.
problem-too-many-rows = Het bestand heeft meer dan { $rows } rijen. Splits het in kleinere bestanden en importeer ze na elkaar.
import-summary = { $created } nieuw, { $updated } bijgewerkt.
import-more = En nog { $rows } rijen, die hier niet getoond worden.
partnership-new = Nieuw partnerschap
partnership-side-a = Kant A: de eerste stad
partnership-side-b = Kant B: de tweede stad
partnership-new-city = Een nieuwe stad (hieronder beschreven)
partnership-city-search = Een stad zoeken in het register
partnership-city-find = Zoeken
partnership-city-search-help = Op haar adres, haar naam in een van de talen of haar eigen naam; de gevonden steden staan hieronder ter keuze.
partnership-city-more = { $shown } van de { $n } gevonden steden staan ter keuze: zoek om de andere te vinden.
partnership-create = Partnerschap aanmaken
reports-workspace-intro = Dezelfde cijfers als het jaarverslag op het portaal, maar met de ontwerpen en de gezamenlijke items die nog op goedkeuring wachten (gearchiveerde items tellen niet mee).
tokens-title = API-sleutels
tokens-help = Met een sleutel kan een ander systeem (een stadswebsite, een script) de JSON-API gebruiken met één rol van deze account, volgens dezelfde regels als de werkruimte. Geef elk systeem een eigen sleutel: dan kunt u er één intrekken zonder de andere.
tokens-issued = Kopieer deze sleutel nu en bewaar hem veilig: hij wordt maar één keer getoond. Stuur hem bij elke API-aanvraag mee als "Authorization: Bearer".
tokens-none = Deze account heeft geen API-sleutels.
tokens-label = Waarvoor de sleutel dient
tokens-issued-on = Uitgegeven
tokens-state = Toestand
tokens-revoked = ingetrokken
tokens-revoke = Intrekken
tokens-issue = Sleutel uitgeven
tokens-error-role = Kies een van de rollen van deze account.
tokens-error-label = Zeg waarvoor de sleutel dient (hoogstens 100 tekens).
records-error-other-partnership = Kies een item van dit partnerschap.
records-export = Het hele partnerschap downloaden (JSON)
records-export-help = Alles van dit partnerschap, met bestanden en personen, in het exportformaat van Zusterstad; het kan in een lege Zusterstad ingelezen worden. Accounts zitten er niet in. Bewaar het bestand even zorgvuldig als de persoonsgegevens die erin staan.
password-problem-empty = het wachtwoord is leeg
password-problem-short = het wachtwoord is korter dan 12 tekens
password-problem-long = het wachtwoord is langer dan 1024 tekens
password-problem-repetitive = het wachtwoord herhaalt te weinig verschillende tekens
password-problem-guessable = het wachtwoord is te makkelijk te raden (een gewoon woord of uw e-mailadres)
records-time-in-zone = { $field } (tijd in { $zone })

# What can be wrong with a field (core::problem), shown after the field's name.
problem-line = { $label }: { $problem }
problem-required = Vul dit in.
problem-slug = Gebruik alleen kleine letters, cijfers en koppeltekens.
problem-fact-key = Gebruik alleen kleine letters, cijfers en liggende streepjes.
problem-country = Gebruik de landcode van twee letters, zoals BE of JP.
problem-time-zone = Dit is geen tijdzone; gebruik een naam zoals Europe/Brussels of Asia/Tokyo.
problem-positive = Moet groter zijn dan 0.
problem-at-least-one = Moet 1 of meer zijn.
problem-own-partner = Een stad kan niet haar eigen partner zijn.
problem-paired-with-itself = Een organisatie kan geen paar vormen met zichzelf.
problem-year = Dit is geen geloofwaardig jaartal.
problem-established-year = Moet in het jaar vallen waarin het partnerschap begon.
problem-between = Moet tussen { $min } en { $max } liggen.
problem-before-valid-from = Mag niet vóór het begin van de geldigheid liggen.
problem-signed-year = Moet het jaar van de ondertekening zijn.
problem-agreement-pair = Een akkoord tussen instellingen vermeldt hun organisatiepaar; een akkoord tussen de steden vermeldt er geen.
problem-before-start = Mag niet vóór het begin liggen.
problem-precision = Datums die alleen tot op de maand of het jaar bekend zijn, vallen op de eerste en de laatste dag van de periode.
problem-https = Moet een webadres zijn dat begint met https://.
problem-venue-or-link = Een evenement heeft een locatie of een onlinelink nodig.
problem-capacity = Moet minstens 1 zijn; laat het leeg als er geen limiet is.
problem-after-event-end = Mag niet na het einde van het evenement liggen.
problem-email = Dit is geen e-mailadres.
problem-lower-case = Moet in kleine letters.
problem-malformed = Deze waarde heeft niet de vorm die ze moet hebben.
problem-needed-by = Nodig voor de rol { $role }.
problem-sdg-range = De SDG's zijn genummerd van 1 tot 17.
problem-sdg-twice = Een SDG staat er twee keer in.
problem-participant-twice = Een soort deelnemers is twee keer geteld.
problem-too-long = Langer dan de toegelaten { $max } tekens.
problem-short-name = Moet 1 tot 40 tekens lang zijn.
problem-file-empty = Het bestand is leeg.
problem-file-too-large = Het bestand is groter dan { $mb } MB.
problem-content-mismatch = Komt niet overeen met de inhoud van het bestand.
problem-media-type = Dit is geen mediatype.
problem-file-name = Moet een gewone bestandsnaam van hoogstens 200 tekens zijn.
problem-not-joint = Dit soort item kan niet gezamenlijk zijn.
problem-control = Bevat een stuurteken, en dat mag niet in een tekst staan.
problem-text-marked-missing = Er staat een tekst, maar die is als ontbrekend gemarkeerd.
problem-text-empty = Leeg: schrijf de tekst of markeer hem als ontbrekend.
problem-one-original = Maar één taal kan het origineel zijn.
problem-text-required = Schrijf dit in minstens één taal.
problem-phone = Gebruik alleen cijfers, spaties en + - ( ).
problem-refers-to-nothing = Verwijst naar een item dat niet bestaat ({ $kind } { $id }).
problem-other-partnership = Verwijst naar een item van een ander partnerschap ({ $kind } { $id }).
problem-taken = Al in gebruik door een ander item.
problem-unstorable = Bevat een teken dat niet bewaard kan worden.
problem-unknown-column = Geen kolom van deze import. De kolommen die hij kent: { $known }.
problem-missing-column = Deze kolom ontbreekt.
problem-no-rows = Het bestand heeft geen rijen.
problem-cell-count = Deze rij heeft { $cells } cellen, de kopregel { $header }.
problem-not-one-of = ‘{ $value }’ is niet een van: { $allowed }.
problem-not-a-city = ‘{ $value }’ is geen van de twee steden van het partnerschap.
problem-not-a-date = ‘{ $value }’ is geen datum (schrijf 2024-05-31 of 31/05/2024).
problem-not-a-count = ‘{ $value }’ staat niet in de vorm soort=aantal, zoals students=12.
problem-not-utf8 = Dit is geen UTF-8-tekst: bewaar het bestand als ‘CSV UTF-8’.
problem-unreadable = Het bestand kan niet als CSV gelezen worden ({ $detail }).
list-separator = {", "}
sep = {" · "}
# A page's title in the browser: the page, then the site.
page-title = { $page } · { $site }
colon = {": "}

# The pages each partnership has about itself (its own text replaces these).
about-contact = Contact
about-privacy = Privacy
about-accessibility = Toegankelijkheid
reg-privacy-link = Lees hoe we met je gegevens omgaan
field-contact = Contactpagina
field-privacy = Privacyverklaring
field-accessibility = Toegankelijkheidsverklaring
about-contact-text =
    Heb je een vraag over de stedenband { $partnership }? De twee steden helpen je graag verder.
about-privacy-text =
    Deze website brengt de stedenband { $partnership } tussen { $a } en { $b } in beeld.

    {"**"}Inschrijven voor een evenement.** Je geeft je naam en je e-mailadres. We gebruiken ze alleen om je inschrijving te bevestigen, je over dat evenement te berichten en de deelnemers te tellen. De medewerkers van beide steden die het evenement organiseren zien je inschrijving; we geven ze aan niemand anders door. Met de link in je bevestigingsmail annuleer je je inschrijving wanneer je wilt.

    {"**"}Cookies.** De website onthoudt alleen de taal die je kiest. Er zijn geen cookies om je te volgen.

    Vragen over je gegevens? Kijk op de contactpagina.
about-accessibility-text =
    We willen dat iedereen deze website kan gebruiken, ook met een schermlezer, alleen met het toetsenbord of op een kleine telefoon.

    De pagina's volgen de richtlijnen WCAG 2.1 op niveau AA en worden bij elke wijziging automatisch nagekeken, in het Nederlands, het Japans en het Engels.

    Loop je toch ergens vast? Laat het ons weten via de contactpagina, dan zoeken we samen een oplossing.
published-register-there = Inschrijven op de website van de partnerschap
published-register-nowhere = Op deze kopie van de website kun je je niet inschrijven. Wil je deelnemen? Neem contact op met de coördinatoren:
search-everywhere = Zoek in alle stedenbanden
