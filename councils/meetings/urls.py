from django.urls import path

from councils.meetings import views

app_name = "meetings"

urlpatterns = [
    # Meetings, by uuid (DESIGN.md convention 5); planning a meeting starts from its body.
    path("vergaderingen/", views.meeting_list_view, name="meeting_list"),
    path("raden/<slug:slug>/vergaderingen/nieuw/", views.meeting_create_view, name="meeting_create"),
    path("vergaderingen/<uuid:uuid>/", views.meeting_detail_view, name="meeting_detail"),
    path("vergaderingen/<uuid:uuid>/bewerken/", views.meeting_update_view, name="meeting_update"),
    path(
        "vergaderingen/<uuid:uuid>/agenda-publiceren/",
        views.meeting_publish_agenda_view,
        name="meeting_publish_agenda",
    ),
    path("vergaderingen/<uuid:uuid>/afzeggen/", views.meeting_cancel_view, name="meeting_cancel"),
    path("vergaderingen/<uuid:uuid>/gehouden/", views.meeting_mark_held_view, name="meeting_mark_held"),
    # Agenda items: numbered per meeting, addressed under their meeting.
    path("vergaderingen/<uuid:uuid>/agendapunten/nieuw/", views.agenda_item_add_view, name="agenda_item_add"),
    path(
        "vergaderingen/<uuid:uuid>/agendapunten/<int:pk>/bewerken/",
        views.agenda_item_update_view,
        name="agenda_item_update",
    ),
    path(
        "vergaderingen/<uuid:uuid>/agendapunten/<int:pk>/verplaatsen/",
        views.agenda_item_move_view,
        name="agenda_item_move",
    ),
    path(
        "vergaderingen/<uuid:uuid>/agendapunten/<int:pk>/document-koppelen/",
        views.agenda_item_link_document_view,
        name="agenda_item_link_document",
    ),
    # Documents: uploaded on a meeting, downloaded only through the gate.
    path("vergaderingen/<uuid:uuid>/documenten/nieuw/", views.document_upload_view, name="document_upload"),
    path("documenten/<uuid:uuid>/nieuwe-versie/", views.document_add_version_view, name="document_add_version"),
    path("documenten/<uuid:uuid>/versie/<int:number>/", views.document_download_view, name="document_download"),
    # Minutes.
    path("vergaderingen/<uuid:uuid>/notulen/", views.minutes_edit_view, name="minutes_edit"),
    path("vergaderingen/<uuid:uuid>/notulen/delen/", views.minutes_share_view, name="minutes_share"),
    path("vergaderingen/<uuid:uuid>/notulen/vaststellen/", views.minutes_approve_view, name="minutes_approve"),
    path("vergaderingen/<uuid:uuid>/notulen/corrigeren/", views.minutes_correct_view, name="minutes_correct"),
    # Attendance (W-MEM-9: feeds the meeting allowance).
    path("vergaderingen/<uuid:uuid>/aanwezigheid/", views.attendance_record_view, name="attendance_record"),
    # The body's decision and action list ("besluiten- en actielijst").
    path("raden/<slug:slug>/acties/", views.action_list_view, name="action_list"),
    path("raden/<slug:slug>/acties/nieuw/", views.action_item_create_view, name="action_item_create"),
    path("raden/<slug:slug>/acties/<int:pk>/afgerond/", views.action_item_complete_view, name="action_item_complete"),
    path("raden/<slug:slug>/acties/<int:pk>/laten-vallen/", views.action_item_drop_view, name="action_item_drop"),
]
