class ReadOnly:
    """Nothing is added, changed or deleted here: writes go through the actions (audited)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
