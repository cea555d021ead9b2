from django.urls import path

from orders.views import demand, offerings, orders, overview, residents

app_name = "orders"

urlpatterns = [
    path("residents/signup/", residents.resident_signup_page, name="resident-signup"),
    path("residents/register/", residents.resident_register_page, name="resident-register"),
    path(
        "residents/applications/<int:pk>/verify/",
        residents.ApplicationVerifyPage.as_view(),
        name="application-verify",
    ),
    path(
        "residents/applications/<int:pk>/reject/",
        residents.ApplicationRejectPage.as_view(),
        name="application-reject",
    ),
    path("community/overview/", overview.community_overview, name="community-overview"),
    path("demands/", demand.demand_list, name="demand-list"),
    path("demands/new/", demand.demand_create, name="demand-create"),
    path("demands/<int:pk>/", demand.demand_detail, name="demand-detail"),
    path("demands/<int:pk>/voice/", demand.DemandVoicePage.as_view(), name="demand-voice"),
    path("demands/<int:pk>/convert/", demand.demand_convert_page, name="demand-convert"),
    path("demands/<int:pk>/close/", demand.DemandClosePage.as_view(), name="demand-close"),
    # Offerings
    path("services/", offerings.offering_browse, name="offering-browse"),
    path("services/<int:pk>/", offerings.offering_detail, name="offering-detail"),
    path("services/<int:pk>/order/", orders.order_place_page, name="order-place"),
    path("services/<int:pk>/slots/", offerings.slot_add_page, name="slot-add"),
    path("services/<int:pk>/edit/", offerings.offering_edit_page, name="offering-edit"),
    path("services/mine/", offerings.offering_manage, name="offering-manage"),
    path("services/new/", offerings.offering_create_page, name="offering-create"),
    path("services/reply-templates/", offerings.reply_templates_page, name="reply-templates"),
    # Orders
    path("orders/mine/", orders.my_orders, name="my-orders"),
    path("orders/desk/", orders.order_desk, name="order-desk"),
    path("orders/<int:pk>/", orders.order_detail, name="order-detail"),
    path("orders/<int:pk>/accept/", orders.OrderAcceptPage.as_view(), name="order-accept"),
    path("orders/<int:pk>/decline/", orders.OrderDeclinePage.as_view(), name="order-decline"),
    path("orders/<int:pk>/schedule/", orders.OrderSchedulePage.as_view(), name="order-schedule"),
    path("orders/<int:pk>/deliver/", orders.OrderDeliverPage.as_view(), name="order-deliver"),
    path("orders/<int:pk>/confirm/", orders.OrderConfirmPage.as_view(), name="order-confirm"),
    path("orders/<int:pk>/rate/", orders.OrderRatePage.as_view(), name="order-rate"),
    path("orders/<int:pk>/cancel/", orders.OrderCancelPage.as_view(), name="order-cancel"),
    path("orders/<int:pk>/dispute/", orders.OrderDisputePage.as_view(), name="order-dispute"),
    path("orders/<int:pk>/resolve/", orders.OrderResolvePage.as_view(), name="order-resolve"),
]
