site-name = Zusterstad
skip-to-content = Skip to content
nav-label = Main
menu = Menu
lang-switch-label = Language
lang-name-nl = Nederlands
lang-name-ja = 日本語
lang-name-en = English
fallback-note = (not yet translated: shown in { $language })
example-badge = Example (demo data)
home-title = Sister-city partnerships
home-intro = The sister-city partnerships of this city, kept by both city halls.
home-since = sister cities since { $year }
home-empty = No partnership has been published yet.
home-map = Map of the partnerships
home-geojson = The cities of every partnership as GeoJSON
home-filter-words = City, country or partnership
home-filter-theme = Theme
home-count = { $n ->
    [one] 1 partnership
   *[other] { $n } partnerships
}
home-none-found = No partnership matches that filter.
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
city-country = Country
year = { $year }
# From one day to another in the same month (18–24), and otherwise.
date-range-days = { $from }–{ $to }
date-range = { $from } – { $to }
# The end of a period known only to the month or year.
period-end-month = end of { $month }
period-end-year = end of { $year }
country-BE = Belgium
country-JP = Japan
country-NL = the Netherlands
country-US = United States
city-population-at-least = more than { $n }
city-time-zone-summer = { $standard } (summer: { $summer })
event-zone-choice = { $city } – { $offsets }
city-native = { $name }（{ $reading }）
city-reading = ({ $reading })
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
pager-label = Pages
pager-previous = Previous page
pager-next = Next page
pager-status = Page { $page } of { $pages }
activities-all = All { $n } activities
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
event-time-home = { $time } in { $city }
event-time-other = { $day ->
    [next] { $time } the next day
    [previous] { $time } the day before
   *[same] { $time }
} in { $city }
event-times = { $home } ({ $others })
event-until = until { $time }
event-until-day = until { $date }, { $time }
event-registration = Registration
event-places = { $n } places
event-waiting-list = with a waiting list when full
event-deadline = Register by { $date }
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
symbol-degrees = { $lat }° { $ns ->
    [south] S
   *[north] N
}, { $lon }° { $ew ->
    [west] W
   *[east] E
}
symbol-position = { $position } ({ $precision })
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
unavailable-title = Temporarily unavailable
unavailable-text = We cannot store or read anything right now, so nothing was changed. Please try again in a few minutes.
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
reg-done-unconfirmed = Almost done: open the link in the e-mail we just sent you to confirm your registration. We hold a place for you for { $minutes } minutes.
reg-done-unconfirmed-waiting = Almost done: open the link in the e-mail we just sent you to confirm your registration. The event is full, so you will then be on the waiting list.
reg-error-summary = Please check the form:
reg-error-name = Please fill in your name.
reg-error-email = Please fill in a valid e-mail address.
reg-error-consent = Please agree that we keep your name and address for this event.
reg-error-duplicate = This e-mail address is already registered for this event.
reg-error-too-many = Too many registrations came from your connection. Please try again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.
reg-error-busy = A great many people are registering for this event right now. Please try again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.
cancel-title = Cancel your registration
cancel-text = { $name }, do you want to cancel your registration for “{ $event }”?
cancel-button = Cancel my registration
cancel-done = Your registration is cancelled. Thank you for letting us know.
cancel-unknown = This cancellation link is not valid (any more).
confirm-title = Confirm your registration
confirm-text = { $name }, do you confirm your registration for “{ $event }”?
confirm-button = Confirm my registration
confirm-done-confirmed = Your registration is confirmed. You will get an e-mail with the details and a link to cancel.
confirm-done-waiting = Your registration is confirmed. The event is full, so you are on the waiting list: we will e-mail you as soon as a place opens up.
confirm-unknown = This confirmation link is not valid (any more). You are welcome to register again on the event's page.
confirm-too-late = Sorry, registration for this event has closed in the meantime, or it is full.
mail-subject-confirmed = Registration confirmed: { $event }
mail-subject-waiting = On the waiting list: { $event }
mail-subject-promoted = A place has opened up: { $event }
mail-subject-confirm = Please confirm your registration: { $event }
mail-body-confirm = Dear { $name },

    A registration for “{ $event }” on { $date } ({ $times }) was sent with this e-mail address.
    Please confirm it with this link; we hold a place for you for { $minutes } minutes:
    { $link }

    Did you not register? Then there is nothing to do: without a confirmation we delete your details within a day.
# How every mail ends, before the sender's signature.
mail-closing = Kind regards
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
reports-headline-activities = Activities
reports-headline-participants = Participants in activities
reports-headline-events = Events
reports-headline-pairs = Active institution pairs
reports-unrecorded = Events without registration through this website (attendance not recorded)
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

## Workspace
desk-name = Zusterstad workspace
desk-nav-label = Workspace
desk-nav-home = Overview
desk-nav-events = Events
desk-nav-translate = To translate
desk-nav-calls = Call planner
desk-nav-account = My account
desk-logout = Log out
desk-forbidden-title = Not allowed
desk-forbidden-text = Your role does not allow this page or action. Ask a coordinator or the administrator if you need it.
desk-partnerships = Partnerships
desk-no-partnerships = No partnership is linked to your account yet.
desk-your-side = You coordinate for { $city }.
desk-col-title = Title
desk-col-status = Status
desk-col-actions = Actions
desk-col-when = When
desk-renew = Draft the renewal
desk-waiting = Waiting for your side's approval
desk-nothing-waiting = Nothing is waiting for your approval.
desk-to-translate = { $count ->
    [one] One text to translate into your language
   *[other] { $count } texts to translate into your language
}
desk-upcoming = Upcoming events
desk-registrations = { $confirmed } registered, { $waiting } on the waiting list
desk-recent = Recent changes
desk-mail-trouble = { $count ->
    [one] One mail could not be sent.
   *[other] { $count } mails could not be sent.
}
mail-title = Mails not sent yet
mail-intro = Each mail is tried again, with a longer pause each time. If it still fails after eight tries we stop, and it is best to reach the person another way.
mail-more = And { $count } more waiting.
mail-none = Every mail has been sent.
mail-to = To
mail-subject = Subject
mail-queued = Queued
mail-error = Last error
mail-retry = { $tries } { $tries ->
    [one] try
   *[other] tries
}, next at { $when }
mail-gave-up = Given up after { $tries } tries
desk-event-new = New event
desk-filter = Show
desk-filter-upcoming = Upcoming
desk-filter-past = Past
desk-filter-all = All
desk-joint = joint
desk-save = Save
desk-yes = yes
desk-no = no
desk-on-portal = See it on the public portal
desk-error-choose = Choose one of the options.
desk-error-time-zone = Choose a time zone.
desk-error-date-time = Enter a date and time.
desk-error-date = Enter a date as year-month-day.
desk-error-clock-change = This time does not exist in this time zone (the clocks change).
desk-error-number = Enter a whole number, or leave it empty for no limit.
desk-error-version = This form is incomplete; open the event again.
login-title = Log in
login-email = E-mail address
login-password = Password
login-button = Log in
login-forgot = Forgotten your password? The administrator of your city can send you a link to set a new one.
login-wrong = The e-mail address or password is not right.
login-wait = Too many failed attempts: wait { $seconds } seconds before trying again.
login-locked = Too many failed attempts: logging in is blocked until { $time }.
login-logged-out = You are logged out.
login-logged-out-everywhere = You are logged out on every device.
account-title = My account
account-language = Language of the workspace
account-language-unknown = Choose Dutch, Japanese or English.
account-language-changed = The language is saved.
account-password = Password
account-current = Current password
account-new = New password
account-repeat = New password again
account-change-password = Change password
account-current-wrong = This is not your current password.
account-new-weak = This password is not accepted: { $reason }.
account-repeat-differs = The two new passwords are not the same.
account-password-changed = Your password is changed. Other devices have been logged out.
account-sessions = Devices
account-sessions-text = Lost a phone, or logged in on a shared computer? Log out on every device at once.
account-logout-everywhere = Log out everywhere
text-status-original = original
text-status-translated = translated
text-status-machine = machine translation
text-status-stale = to update
text-status-missing = missing
event-field-title = Title
event-field-description = Description (Markdown)
event-field-venue = Venue
event-field-kind = Kind of event
event-field-starts = Starts (local time)
event-field-ends = Ends (local time)
event-field-time_zone = Time zone
event-field-online_url = Online link
event-field-registration = Registration open
event-field-capacity = Places (empty: no limit)
event-field-joint = Joint event
event-joint-help = Shown on the portal only after a coordinator of each city has approved this version.
event-field-publication = Publication
publication-draft = Draft
publication-published = Published
publication-archived = Archived
approval-title = Joint approval
approval-portal-shows = Until both cities approve this version, the portal keeps showing version { $version }, the last one both approved.
approval-portal-hidden = Not on the portal until both cities approve this version.
approval-given = approved
approval-waiting = waiting for approval
approval-approve = Approve this version for my city
conflict-title = Someone else saved this event first
conflict-text = Nothing was overwritten. Compare your version with the saved one; the form below keeps your changes, so you can save them deliberately.
conflict-field = Field
conflict-yours = Your version
conflict-theirs = Saved version
history-title = History
history-create = created
history-update = changed
history-delete = deleted
history-before = Before
history-after = After
history-field-lang = { $field } ({ $lang })
history-true = yes
history-false = no
history-hidden = (not shown)
history-count = { $what }: { $n }
via-web = the workspace
via-api = the API
via-cli = the server's command line
via-demo = demo data
via-portal = a visitor of the website
via-system = Zusterstad itself
translate-title = To translate into { $language }
translate-languages = Languages
translate-none = Nothing to translate: every text is there and up to date.
translate-count = { $n ->
    [one] One text to translate
   *[other] { $n } texts to translate
}
translate-item = Item
translate-source = Text to translate
calls-intro = The whole hours on which both city halls are at work (Monday to Friday), summer and winter time included.
calls-date = Date
calls-from = Office hours from (hour)
calls-until = Office hours until (hour)
calls-show = Show
calls-none = No hour suits both cities on this day.
calls-error-hours = The office hours must start before they end; the usual hours are shown.
kind-partnership = Partnership
kind-news_post = News
kind-programme = Programme
kind-document = Document
kind-landmark = Symbol
kind-organisation_pair = Institution pair
kind-approval = Approval
kind-file = File
kind-person = Person
kind-ambassador = Ambassador
kind-user_account = User
kind-role_grant = Role
kind-event_registration = Registration
kind-api_token = API token
login-password-set = Your password is set. You can log in with it now.
users-title = Users
users-name = Name
users-roles = Roles
users-role = Role
users-disabled = disabled
users-add = Add a user
users-add-help = The new user receives an e-mail with a link to choose their own password.
users-scope = Choices from the partnership at address
users-scope-show = Show its choices
users-scope-help = The partnership's address, as in /manage/gent-kanazawa. The sides, organisations and people below are that partnership's.
users-scope-unknown = No partnership has that address.
users-side = Side (for a coordinator)
users-side-help = The partnership and the city whose side the coordinator keeps.
users-organisation = Organisation (for an editor)
users-person = Person (for an ambassador)
users-link-sent = A link to set a password was e-mailed. If it does not arrive, pass on this link (valid for 48 hours, once):
users-add-role = Add this role
users-remove-role = Remove
users-access = Access
users-send-link = Send a link to set a new password
users-disable = Disable the account
users-enable = Enable the account
users-error-email = Enter an e-mail address.
users-error-email-taken = There is already a user with this e-mail address.
users-error-name = Enter a name.
users-error-side = Choose the partnership and side this coordinator keeps.
users-error-organisation = Choose the organisation this editor keeps.
users-error-person = Choose the ambassador's own person record.
users-error-self = You cannot disable your own account.
role-admin = Administrator
role-coordinator = Coordinator
role-editor = Editor
role-ambassador = Ambassador
reset-title = Choose a password
reset-button = Save password
reset-invalid = This link is not valid (any more). Links work once and for 48 hours; ask the administrator for a new one.
audit-title = Audit log
audit-person = Person
audit-kind = Kind of item
audit-record = Item number
audit-from = From
audit-until = Until
audit-change = Change
audit-none = No changes match.
mail-subject-password-link = Choose your password for Zusterstad
mail-body-password-link = Hello { $name },

    Open this link to choose your password for the Zusterstad workspace:
    { $link }

    The link works once, for { $hours } hours. If you did not expect this mail, you can ignore it.
registrations-title = Registrations
registrations-back = Back to the event
registrations-csv = Download as CSV
registrations-capacity = Places
registrations-no-limit = no limit
registrations-none = Nobody has registered yet.
registrations-col-name = Name
registrations-col-at = Registered on
registrations-col-language = Language
registrations-promote = Give a place
registrations-message = Write to the participants
registrations-subject = Subject
registrations-body = Message
registrations-include-waiting = Also write to the waiting list
registrations-send = Send
registrations-sent = { $count ->
    [one] The message was sent to one person.
   *[other] The message was sent to { $count } people.
}
registrations-error-subject = Enter a subject of one line (at most 200 characters).
registrations-error-body = Write a message.
registrations-message-footer = You receive this mail because you registered for this event. Cancel your registration: { $link }
registration-status-confirmed = registered
registration-status-waiting = waiting list
registration-status-cancelled = cancelled
registration-status-unconfirmed = not yet confirmed
people-title = People
people-none = No people match.
people-cohort = Cohort
people-home-city = Home city
people-exchange = The exchange that brought them (optional)
people-appoint = Appoint as ambassador
people-no-membership = Not (yet) an ambassador.
people-membership = Ambassador, cohort { $year }, from { $city }
people-consents = Consents
people-consent-publish_profile = Public profile on the portal
people-consent-photos = Photos may be shown
people-consent-contact = May be contacted
people-consent-given = given on { $date }
people-consent-withdrawn = withdrawn on { $date }
people-consent-none = not asked
people-saved-consents = The consents are saved, with today's date where they changed.
people-saved-ambassador = The person is now an ambassador.
people-error-year = Enter the cohort as a year, such as 2026.
people-error-confirm = Tick the box to confirm the erasure.
people-data = Personal data
people-export = Download everything stored about this person (JSON)
people-erase-confirm = Yes, erase this person's personal data. Their name, contact details and profile are removed for good; the figures in reports stay.
people-erase = Erase personal data
history-export = exported
history-erase = erased
field-kind = Kind
field-title = Title
field-summary = Summary
field-body = Text (Markdown)
field-description = Description (Markdown)
field-name = Name
field-short_name = Short name
field-website = Website
field-city_id = City
field-organisation_pair_id = Institution pair (for an institutional agreement)
field-signed_on = Signed on
field-signed_year = Year of signing
field-valid_from = Valid from
field-valid_until = Valid until
field-document_id = Document
field-renews_id = Renews
field-joint = Joint (both cities approve)
field-publication = Publication
field-example = Example (invented for the demo)
field-slug = Address (slug)
field-published_at = Published at (UTC)
field-photo_id = Photo
field-focus = Focus area
field-direction = Direction
field-starts_on = Starts on
field-ends_on = Ends on
field-participants = Participants
field-organisation_ids = Organisations
field-sdgs = Sustainable Development Goals
field-programme_id = Programme
field-organisation_a_id = Organisation A
field-organisation_b_id = Organisation B
field-since_year = Since (year)
field-location = Location
field-latitude = Latitude
field-longitude = Longitude
field-precision = Precision of the location
field-given_year = Year given
field-given_by = Given by
field-occasion = Occasion
field-form = Form
field-version = Version
records-title = Records
records-agreement = Agreements
records-news_post = News
records-activity = Activities
records-organisation = Organisations
records-organisation_pair = Institution pairs
records-programme = Programmes
records-landmark = Symbols
records-new = New item
records-none = No items match.
records-current = Current
records-updated = Last changed
records-saved = Saved.
records-preview = Preview
records-preview-of = Preview
records-delete = Delete
records-delete-help = Only want it off the portal? Set the publication to ‘Archived’ instead.
records-delete-ask = This cannot be undone.
records-delete-now = Yes, delete for good
records-cannot-delete = This item cannot be deleted: other items refer to it, or someone changed it meanwhile. Archive it instead.
records-joint-delete = This item is joint: it is deleted only after both cities approved archiving it (archive it, and once the other city has approved, delete it), or by an admin.
records-error-whole-number = Enter a whole number.
records-error-number = Enter a number, such as 51.05.
records-error-participants = Choose a kind of participant and enter a number on each row.
records-participant-kind = Kind of participant
records-participant-count = Number
conflict-title-item = Someone else saved this item first
records-error-form = The form could not be read: { $detail }
records-conflict-field = saved: { $theirs } — yours: { $yours }
reminder-subject = Zusterstad: waiting for you in { $partnership }
reminder-hello = Hello { $name },
reminder-expiring = The agreement “{ $title }” ends in { $days } days. Time to prepare its renewal.
reminder-approval = “{ $title }” is waiting for your city's approval.
reminder-stale = A translation needs updating, because the original changed: { $what }
reminder-text = { $kind } #{ $id } – { $field }
reminder-footer = You receive this reminder once per item, as a coordinator in the Zusterstad workspace.
field-family_name = Family name
field-given_name = Given name
field-family_name_reading = Reading of the family name (kana)
field-given_name_reading = Reading of the given name (kana)
field-family_name_romaji = Family name in Latin letters
field-given_name_romaji = Given name in Latin letters
field-organisation_id = Organisation
field-email = E-mail address
field-phone = Phone
field-person_id = Person
field-cohort_year = Cohort (year)
field-home_city_id = Home city
field-activity_id = Exchange
field-status = Status
field-profile = Profile (Markdown)
records-person = People
records-ambassador = Ambassadors
ambassador-status-active = active
ambassador-status-alumni = alumni
ambassador-status-inactive = inactive
profile-title = My profile
profile-intro = Your profile in the Supporters Club. Write it in the languages you like; coordinators can add translations.
profile-public = Show my profile on the public portal
profile-not-saved = Your profile was not saved: someone changed it meanwhile, or a text is too long. Please try again.
upload-title = Upload a document or photo
upload-intro = PDF documents and photos (JPEG or PNG) up to 25 MB. The type is read from the content, not the name.
upload-file = File
upload-button = Upload
upload-multilingual = Multilingual
upload-error-empty = Choose a file to upload.
upload-error-type = This file is not a PDF, JPEG or PNG (whatever its name says) and is not accepted.
upload-error-title = Give the document a title, in at least one language.
records-document = Documents and photos
field-language = Language of the document
field-file_name = File name
document-language- = Multilingual
document-language-nl = Dutch
document-language-ja = Japanese
document-language-en = English
upload-error-size = This file is larger than { $mb } MB. Make it smaller (or split it) and try again.
upload-error-pixels = This photo has more than { $megapixels } million pixels. Save it smaller and try again.
field-established_year = Year the partnership began
field-established_on = Date the partnership began
field-focus_areas = Focus areas
field-expiry_window_days = Reminder before expiry (days)
field-native_name = Name in its own language
field-native_reading = Reading (kana)
field-romaji = Name in Latin letters
field-country = Country (ISO code)
field-time_zone = Time zone (IANA, such as Asia/Tokyo)
field-founded_year = Founded in
field-population = Population
field-date_precision = Dates known to
date-precision- = the day
date-precision-month = the month
date-precision-year = the year
field-mail_signature = Mail signature
records-partnership = Partnership
records-city = Cities
import-title = Import from a spreadsheet (CSV)
import-upload = Choose a file
import-intro = Save the spreadsheet as CSV (UTF-8; commas or semicolons). The first line holds the column names. You first see what will be created or updated; nothing changes until you confirm. A file with errors is refused as a whole.
import-what = What does the file hold?
import-columns = columns, * required
import-target-activities = Activities
import-target-organisations = Organisations
import-target-people = People
import-check = Check
import-preview = Preview: this will be imported
import-confirm = Confirm and import
import-refused = The file was not imported. Fix these errors and try again:
import-line = Line
import-column = Column
import-problem = Problem
import-details = Details
import-create = new
import-update = update
import-conflict = Someone changed one of these items meanwhile. Nothing was imported; check the file again.
import-done = Imported: { $created } new, { $updated } updated.
import-limit = A file may be up to { $size } and hold up to { $rows } rows.
import-error-size = The file is larger than { $size }. Split it into smaller files and import them one after the other.
problem-too-many-rows = The file has more than { $rows } rows. Split it into smaller files and import them one after the other.
import-summary = { $created } new, { $updated } updated.
import-more = And { $rows } more rows, not shown here.
partnership-new = New partnership
partnership-side-a = Side A: the first city
partnership-side-b = Side B: the second city
partnership-new-city = A new city (described below)
partnership-city-search = Find a city in the register
partnership-city-find = Find
partnership-city-search-help = By its address, its name in any language or its own name; the cities found are offered below.
partnership-city-more = { $shown } of the { $n } cities found are offered: search to find the others.
partnership-create = Create the partnership
reports-workspace-intro = The same figures as the annual report on the portal, but counting drafts and joint items still waiting for approval (archived items do not count).
tokens-title = API tokens
tokens-help = A token lets another system (a city website, a script) use the JSON API with one of this account's roles, under the same rules as the workspace. Give each system its own token, so you can revoke one without the others.
tokens-issued = Copy this token now and keep it safe: it is shown only this once. Send it as "Authorization: Bearer" with each API request.
tokens-none = This account has no API tokens.
tokens-label = What the token is for
tokens-issued-on = Issued
tokens-state = State
tokens-revoked = revoked
tokens-revoke = Revoke
tokens-issue = Issue a token
tokens-error-role = Choose one of this account's roles.
tokens-error-label = Say what the token is for (at most 100 characters).
records-error-other-partnership = Choose an item of this partnership.
records-export = Download the whole partnership (JSON)
records-export-help = Everything of this partnership, files and people included, in Zusterstad's export format; it can be imported into an empty Zusterstad. Accounts are not included. Keep the file as safe as the people's data it holds.
password-problem-empty = the password is empty
password-problem-short = the password is shorter than 12 characters
password-problem-long = the password is longer than 1024 characters
password-problem-repetitive = the password repeats too few different characters
password-problem-guessable = the password is too easy to guess (a common word or your e-mail address)
records-time-in-zone = { $field } (time in { $zone })

# What can be wrong with a field (core::problem), shown after the field's name.
problem-line = { $label }: { $problem }
problem-required = Please fill this in.
problem-slug = Use lowercase letters, digits and hyphens only.
problem-fact-key = Use lowercase letters, digits and underscores only.
problem-country = Use the two-letter country code, such as BE or JP.
problem-time-zone = This is not a time zone; use a name such as Europe/Brussels or Asia/Tokyo.
problem-positive = Must be more than 0.
problem-at-least-one = Must be 1 or more.
problem-own-partner = A city can't be its own partner.
problem-paired-with-itself = An organisation can't be paired with itself.
problem-year = This is not a plausible year.
problem-established-year = Must fall in the year the partnership began.
problem-between = Must be between { $min } and { $max }.
problem-before-valid-from = Must not be before the start of validity.
problem-signed-year = Must be the year of the signing date.
problem-agreement-pair = An agreement between institutions names their organisation pair; an agreement between the cities names none.
problem-before-start = Must not be before the start.
problem-precision = Dates known only to the month or year are the first and last days of the period.
problem-https = Must be a web address starting with https://.
problem-venue-or-link = An event needs a venue or an online link.
problem-capacity = Must be at least 1; leave it empty for no limit.
problem-after-event-end = Must not be after the event ends.
problem-email = This is not an e-mail address.
problem-lower-case = Must be in lower case.
problem-malformed = This value is not in the form it must have.
problem-needed-by = The role { $role } needs this.
problem-sdg-range = SDGs are numbered 1 to 17.
problem-sdg-twice = An SDG is listed twice.
problem-participant-twice = A kind of participant is counted twice.
problem-too-long = Longer than the { $max } characters allowed.
problem-short-name = Must be 1 to 40 characters long.
problem-file-empty = The file is empty.
problem-file-too-large = The file is larger than { $mb } MB.
problem-content-mismatch = Does not match the file's content.
problem-media-type = This is not a media type.
problem-file-name = Must be a plain file name of at most 200 characters.
problem-not-joint = This kind of item can't be joint.
problem-control = Contains a control character, which a text may not hold.
problem-text-marked-missing = There is a text, but it is marked as missing.
problem-text-empty = Empty: write the text or mark it as missing.
problem-one-original = Only one language can be the original.
problem-text-required = Write it in at least one language.
problem-phone = Use digits, spaces and + - ( ) only.
problem-refers-to-nothing = Refers to an item that does not exist ({ $kind } { $id }).
problem-other-partnership = Refers to an item of another partnership ({ $kind } { $id }).
problem-taken = Already used by another item.
problem-unstorable = Contains a character that can't be stored.
problem-unknown-column = Not a column of this import. The columns it knows: { $known }.
problem-missing-column = This column is missing.
problem-no-rows = The file has no rows.
problem-cell-count = This row has { $cells } cells, the header { $header }.
problem-not-one-of = “{ $value }” is not one of: { $allowed }.
problem-not-a-city = “{ $value }” is not one of the partnership's two cities.
problem-not-a-date = “{ $value }” is not a date (write 2024-05-31 or 31/05/2024).
problem-not-a-count = “{ $value }” is not kind=number, such as students=12.
problem-not-utf8 = This is not UTF-8 text: save the file as “CSV UTF-8”.
problem-unreadable = The file can't be read as CSV ({ $detail }).
list-separator = {", "}
sep = {" · "}
# A page's title in the browser: the page, then the site.
page-title = { $page } · { $site }
colon = {": "}

# The pages each partnership has about itself (its own text replaces these).
about-contact = Contact
about-privacy = Privacy
about-accessibility = Accessibility
reg-privacy-link = How we handle your details
field-contact = Contact page
field-privacy = Privacy notice
field-accessibility = Accessibility statement
about-contact-text =
    A question about the { $partnership } partnership? The two cities will be glad to help.
about-privacy-text =
    This website presents the { $partnership } partnership between { $a } and { $b }.

    {"**"}Registering for an event.** You give your name and e-mail address. We use them only to confirm your registration, to write to you about that event and to count who comes. The staff of both cities who organise the event see your registration; we pass it on to no one else. The link in your confirmation mail cancels your registration whenever you like.

    {"**"}Cookies.** The website remembers only the language you choose. There are no cookies that follow you.

    Questions about your details? See the contact page.
about-accessibility-text =
    We want everyone to be able to use this website, including with a screen reader, with the keyboard alone or on a small phone.

    The pages follow WCAG 2.1 at level AA and are checked automatically with every change, in Dutch, Japanese and English.

    Stuck somewhere all the same? Tell us through the contact page and we will look for a way together.
published-register-there = Register on the partnership’s website
published-register-nowhere = Registration is not possible on this copy of the website. To take part, get in touch with the coordinators:
search-everywhere = Search all partnerships
