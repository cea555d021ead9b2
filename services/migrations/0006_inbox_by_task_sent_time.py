from django.db import migrations, models

# Every assignment gets a copy of its task's sent time (tasks never change it), then the inbox
# index is rebuilt on (community, task_created_at, task).
BACKFILL = (
    "UPDATE services_taskassignment SET task_created_at = "
    "(SELECT created_at FROM services_taskrequest WHERE services_taskrequest.id = services_taskassignment.task_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("services", "0005_task_list_indexes_and_burden_month"),
    ]

    operations = [
        migrations.AddField(
            model_name="taskassignment",
            name="task_created_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="task sent"),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="taskassignment",
            name="task_created_at",
            field=models.DateTimeField(editable=False, verbose_name="task sent"),
        ),
        migrations.RemoveIndex(model_name="taskassignment", name="task_asg_inbox_idx"),
        migrations.AddIndex(
            model_name="taskassignment",
            index=models.Index(fields=["community", "task_created_at", "task"], name="task_asg_inbox_sent_idx"),
        ),
    ]
