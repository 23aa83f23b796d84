site-name = Zusterstad
skip-to-content = Skip to content
nav-label = Main
lang-switch-label = Language
lang-name-nl = Nederlands
lang-name-ja = 日本語
lang-name-en = English
fallback-note = not yet translated: shown in { $language }
example-badge = Example (demo data)
home-title = Sister-city partnerships
home-intro = The sister-city partnerships of this city, kept by both city halls.
home-since = sister cities since
home-empty = No partnership has been published yet.
nav-overview = Overview
nav-agreements = Agreements
nav-activities = Activities
nav-community = Community
nav-supporters = Supporters Club
nav-events = Events
nav-news = News
nav-symbols = Symbols and gifts
nav-timeline = Timeline
nav-sdgs = SDGs
nav-search = Search
years-of-friendship = { $years ->
    [one] { $years } year of friendship
   *[other] { $years } years of friendship
}
since-year = Sister cities since { $year }
overview-cities = The two cities
overview-focus = Areas of cooperation
overview-agreement = The agreement in force
overview-upcoming = Upcoming events
overview-news = Latest news
overview-all-agreements = All agreements
overview-all-events = All events
overview-all-news = All news
city-founded = Founded
city-population = Inhabitants
city-time-zone = Time zone
city-facts = Facts
focus-youth_exchange = Youth exchanges
focus-academic = Academic cooperation
focus-cultural = Cultural cooperation
focus-culinary = Culinary exchanges
focus-knowledge_sharing = Knowledge sharing
focus-sport = Sport
focus-economic = Economy
direction-a_to_b = { $a } → { $b }
direction-b_to_a = { $b } → { $a }
direction-both = Both ways
direction-online = Online
agreements-title = Agreements
agreements-city = Between the two cities
agreements-institutions = Between institutions
agreement-kind-sister_city_declaration = Sister-city declaration
agreement-kind-declaration_of_intent = Declaration of intent
agreement-kind-mou = Memorandum of Understanding
agreement-kind-institutional_agreement = Institutional agreement
agreement-kind-joint_statement = Joint statement
status-upcoming = Not yet in force
status-in_force = In force
status-expiring = In force, ending soon
status-expired = Expired
status-superseded = Superseded
days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
agreement-signed = Signed
agreement-valid-until = Valid until
agreement-download = Download the PDF ({ $size })
agreement-between = Between { $a } and { $b }
activities-title = Activities and exchanges
filter-legend = Filter
filter-year = Year
filter-focus = Area
filter-direction = Direction
filter-all = All
filter-apply = Show
activities-none = No activities match this filter.
activities-count = { $n ->
    [one] { $n } activity
   *[other] { $n } activities
}
participants = Participants
participant-students = Students
participant-academics = Academics
participant-musicians = Musicians
participant-artists = Artists
participant-athletes = Athletes
participant-chefs = Chefs and patissiers
participant-officials = Officials
participant-ambassadors = Ambassadors
participant-citizens = Citizens
dates = Dates
organisations = Organisations
community-title = Community
community-intro = Many organisations and citizens carry the partnership. These institutions work together across the two cities.
community-pairs = Institution pairs
community-organisations = Organisations
org-kind-university = University
org-kind-school_of_arts = School of arts
org-kind-museum = Museum
org-kind-orchestra = Orchestra
org-kind-school = School
org-kind-company = Company
org-kind-association = Association
org-kind-city_department = City department
org-kind-government = Government
org-website = Website
org-partners = Partners in the other city
org-activities = Activities
supporters-title = Ghent–Kanazawa Supporters Club
supporters-intro = Exchange students and others who promote both cities and the partnership. Only ambassadors who agreed to a public profile are shown.
supporters-cohort = Class of { $year }
supporters-none = No public profiles yet.
supporters-from = from { $city }
events-title = Events
events-upcoming = Upcoming
events-past = Past
events-none = No events planned at the moment.
event-kind-network_event = Network event
event-kind-anniversary = Anniversary
event-kind-concert = Concert
event-kind-exhibition = Exhibition
event-kind-official_visit = Official visit
event-kind-lecture = Lecture
event-kind-workshop = Workshop
event-kind-other = Event
event-when = When
event-where = Where
event-online = Online
event-next-day = next day
event-previous-day = previous day
event-registration = Registration
event-places = { $n } places
event-waiting-list = with a waiting list when full
event-deadline = Register before { $date }
event-ics = Add to your calendar (.ics)
news-title = News
news-none = No news yet.
news-feed = Subscribe to the news (Atom feed)
news-published = Published on { $date }
symbols-title = Symbols and gifts
symbols-intro = Gifts and symbols of the partnership in both cities.
symbols-map = Map of the symbols and gifts
symbols-list = List
symbol-location = Location
symbol-coordinates = Coordinates
symbol-precision-exact = exact
symbol-precision-approximate = approximate
symbol-precision-city_centre = approximate: city centre
symbol-given = Given in { $year }
symbol-by = Given by
symbol-occasion = Occasion
symbols-geojson = Open data (GeoJSON)
timeline-title = Timeline
milestone-founded = { $city } is founded
milestone-established = { $a } and { $b } become sister cities
anniversary = { $n }th anniversary
programme-activities = Activities in this programme
programme-events = Events in this programme
sdgs-title = Sustainable Development Goals
sdgs-intro = The UN goals the partnership works towards, with the activities behind each.
sdg-goal = Goal { $n }
sdg-no-activities = No activities recorded for this goal yet.
sdg-1 = No poverty
sdg-2 = Zero hunger
sdg-3 = Good health and well-being
sdg-4 = Quality education
sdg-5 = Gender equality
sdg-6 = Clean water and sanitation
sdg-7 = Affordable and clean energy
sdg-8 = Decent work and economic growth
sdg-9 = Industry, innovation and infrastructure
sdg-10 = Reduced inequalities
sdg-11 = Sustainable cities and communities
sdg-12 = Responsible consumption and production
sdg-13 = Climate action
sdg-14 = Life below water
sdg-15 = Life on land
sdg-16 = Peace, justice and strong institutions
sdg-17 = Partnerships for the goals
search-title = Search
search-label = Search the partnership
search-button = Search
search-results = { $n ->
    [one] { $n } result for “{ $q }”
   *[other] { $n } results for “{ $q }”
}
search-none = Nothing found for “{ $q }”.
kind-activity = Activity
kind-event = Event
kind-news = News
kind-organisation = Organisation
kind-agreement = Agreement
kind-symbol = Symbol
footer-feeds = Feeds and open data
footer-calendar = Events calendar (.ics)
footer-about = Published by the city halls of both cities with Zusterstad.
not-found-title = Page not found
not-found-text = This page does not exist (any more). Start again from the overview.
reg-title = Register
reg-name = Name
reg-email = E-mail address
reg-consent = I agree that my name and e-mail address are kept to organise this event.
reg-submit = Register
reg-places-left = { $n ->
    [one] { $n } place left
   *[other] { $n } places left
}
reg-full-waiting = The event is full: you can still join the waiting list.
reg-full = This event is full.
reg-closed = Registration for this event is closed.
reg-done-confirmed = You are registered. We sent a confirmation to your e-mail address.
reg-done-waiting = The event is full, so you are on the waiting list. We will e-mail you when a place opens up.
reg-error-summary = Please check the form:
reg-error-name = Please fill in your name.
reg-error-email = Please fill in a valid e-mail address.
reg-error-consent = Please agree that we keep your name and address for this event.
reg-error-duplicate = This e-mail address is already registered for this event.
cancel-title = Cancel your registration
cancel-text = { $name }, do you want to cancel your registration for “{ $event }”?
cancel-button = Cancel my registration
cancel-done = Your registration is cancelled. Thank you for letting us know.
cancel-unknown = This cancellation link is not valid (any more).
mail-subject-confirmed = Registration confirmed: { $event }
mail-subject-waiting = On the waiting list: { $event }
mail-subject-promoted = A place has opened up: { $event }
mail-body-confirmed = Dear { $name },

    You are registered for “{ $event }” on { $date } ({ $times }).

    Can't come after all? Cancel your registration here, so someone else can take your place:
    { $link }
mail-body-waiting = Dear { $name },

    “{ $event }” on { $date } is full, so you are on the waiting list. We will e-mail you as soon as a place opens up.

    No longer interested? Leave the waiting list here:
    { $link }
mail-body-promoted = Dear { $name },

    Good news: a place has opened up and you are now registered for “{ $event }” on { $date } ({ $times }).

    Can't come after all? Cancel here:
    { $link }
kind-city = City
filter-kind = Kind
nav-reports = Reports
reports-title = Reports
reports-intro = The partnership in figures: what happened, in which fields, in which direction, towards which goals.
reports-from = From
reports-to = To
reports-show = Show
reports-activities = { $n ->
    [one] { $n } activity in this period
   *[other] { $n } activities in this period
}
reports-by-focus = Activities by area
reports-by-direction = Activities by direction
reports-participants-kind = Participants by kind
reports-participants-origin = Participants by home city
reports-sdgs = SDGs covered (number of activities)
reports-agreements = Agreements in force during the period
reports-pairs = Institution pairs active during the period
reports-events = Events and attendance
reports-attendance = Confirmed registrations
reports-count = Number
reports-none = No activities in this period.
reports-csv = Download this table (CSV)
reports-chart = Bar chart of the figures in the table below.
origin-city_a = From { $a }
origin-city_b = From { $b }
origin-both = Both ways (not split per city)
origin-online = Online
