from django.urls import path

from orders.api import demand, offerings, orders, residents

urlpatterns = [
    path("resident-applications/", residents.ResidentApplicationList.as_view(), name="resident-application-list"),
    path(
        "resident-applications/<int:pk>/",
        residents.ResidentApplicationDetail.as_view(),
        name="resident-application-detail",
    ),
    path(
        "resident-applications/<int:pk>/verify/",
        residents.ResidentApplicationVerify.as_view(),
        name="resident-application-verify",
    ),
    path(
        "resident-applications/<int:pk>/reject/",
        residents.ResidentApplicationReject.as_view(),
        name="resident-application-reject",
    ),
    path("residents/", residents.ResidentRegister.as_view(), name="resident-register"),
    path("demands/", demand.DemandList.as_view(), name="demand-list"),
    path("demands/groups/", demand.DemandGroups.as_view(), name="demand-groups"),
    path("demands/<int:pk>/", demand.DemandDetail.as_view(), name="demand-detail"),
    path("demands/<int:pk>/voice/", demand.DemandVoiceAdd.as_view(), name="demand-voice"),
    path("demands/<int:pk>/convert/", demand.DemandConvert.as_view(), name="demand-convert"),
    path("demands/<int:pk>/close/", demand.DemandClose.as_view(), name="demand-close"),
    # Offerings
    path("offerings/", offerings.OfferingList.as_view(), name="offering-list"),
    path("offerings/<int:pk>/", offerings.OfferingDetail.as_view(), name="offering-detail"),
    path("offerings/<int:pk>/slots/", offerings.OfferingSlots.as_view(), name="offering-slots"),
    path("reply-templates/", offerings.ReplyTemplateList.as_view(), name="reply-template-list"),
    # Orders
    path("orders/", orders.OrderList.as_view(), name="order-list"),
    path("orders/<int:pk>/", orders.OrderDetail.as_view(), name="order-detail"),
    path("orders/<int:pk>/accept/", orders.OrderAccept.as_view(), name="order-accept"),
    path("orders/<int:pk>/decline/", orders.OrderDecline.as_view(), name="order-decline"),
    path("orders/<int:pk>/schedule/", orders.OrderSchedule.as_view(), name="order-schedule"),
    path("orders/<int:pk>/deliver/", orders.OrderDeliver.as_view(), name="order-deliver"),
    path("orders/<int:pk>/confirm/", orders.OrderConfirm.as_view(), name="order-confirm"),
    path("orders/<int:pk>/rate/", orders.OrderRate.as_view(), name="order-rate"),
    path("orders/<int:pk>/cancel/", orders.OrderCancel.as_view(), name="order-cancel"),
    path("orders/<int:pk>/dispute/", orders.OrderDispute.as_view(), name="order-dispute"),
    path("orders/<int:pk>/resolve/", orders.OrderResolve.as_view(), name="order-resolve"),
]
