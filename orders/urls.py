from django.urls import path

from orders.views import offerings, orders

app_name = "orders"

urlpatterns = [
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
