from django.urls import path

from members import vacancy_views, views

app_name = "members"

# /leden/<person>/lidmaatschap/<membership>/<step>/: one page per lifecycle step (DESIGN.md convention 1).
STEP = "leden/<uuid:uuid>/lidmaatschap/<uuid:membership>/"

urlpatterns = [
    path("leden/", views.person_list_view, name="person_list"),
    path("leden/nieuw/", views.person_create_view, name="person_create"),
    path("leden/<uuid:uuid>/", views.person_detail_view, name="person_detail"),
    path("leden/<uuid:uuid>/bewerken/", views.person_update_view, name="person_update"),
    path("leden/<uuid:uuid>/anonimiseren/", views.person_anonymise_view, name="person_anonymise"),
    path("leden/<uuid:uuid>/account-uitnodigen/", views.person_account_invite_view, name="person_account_invite"),
    path(STEP + "proeftijd-starten/", views.membership_start_trial_view, name="membership_start_trial"),
    path(STEP + "evaluatie/", views.membership_evaluate_trial_view, name="membership_evaluate_trial"),
    path(STEP + "herbenoemen/", views.membership_reappoint_view, name="membership_reappoint"),
    path(STEP + "beeindigen/", views.membership_end_view, name="membership_end"),
    path(STEP + "rol/", views.membership_set_role_view, name="membership_set_role"),
    path(STEP + "klachtprocedure/", views.membership_set_open_complaint_view, name="membership_set_open_complaint"),
    path(STEP + "vergoeding/", views.allowance_record_view, name="allowance_record"),
    # A body's member pages, next to its other pages under /raden/<slug>/.
    path("raden/<slug:slug>/rooster/", views.body_retirement_schedule_view, name="body_retirement_schedule"),
    path("raden/<slug:slug>/samenstelling/", views.body_composition_view, name="body_composition"),
    # A body's vacancies for its supporters (W-MEM-7, members/vacancy_views.py); the public pages are public_urls.
    path("raden/<slug:slug>/vacatures/", vacancy_views.vacancy_list_view, name="vacancy_list"),
    path("raden/<slug:slug>/vacatures/nieuw/", vacancy_views.vacancy_create_view, name="vacancy_create"),
    path("raden/<slug:slug>/vacatures/<uuid:uuid>/sluiten/", vacancy_views.vacancy_close_view, name="vacancy_close"),
    path("mijn-lidmaatschap/", views.my_membership_view, name="my_membership"),
    path("meldingen/", views.notification_list_view, name="notification_list"),
    path("meldingen/<int:pk>/gelezen/", views.notification_read_view, name="notification_read"),
]
