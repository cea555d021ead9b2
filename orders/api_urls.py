from django.urls import path

from orders.api import offerings, orders

urlpatterns = [
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
