"""URLs of the iCal feed and the agenda PDF (namespace "calendar"), included at the site's root."""

from django.urls import path

from councils.meetings import calendar_views

app_name = "calendar"

urlpatterns = [
    # No login: the token in the query string is the gate (calendar apps cannot log in).
    path("agenda.ics", calendar_views.feed_view, name="feed"),
    path("agenda/koppeling/", calendar_views.feed_settings_view, name="feed_settings"),
    path("agenda/koppeling/vernieuwen/", calendar_views.feed_token_renew_view, name="feed_token_renew"),
    path("vergaderingen/<uuid:uuid>/agenda.pdf", calendar_views.agenda_pdf_view, name="agenda_pdf"),
]
