# Duty lists, task requests and resident orders: built by issue #3 and later ones.
