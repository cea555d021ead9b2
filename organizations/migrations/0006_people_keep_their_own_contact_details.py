from django.db import migrations, models


def copy_contact_details(apps, schema_editor):
    Person = apps.get_model("organizations", "Person")
    for model_name, related in (("SocialWorker", "social_worker"), ("Volunteer", "volunteering"), ("Employment", "employments")):
        model = apps.get_model("organizations", model_name)
        for person in Person.objects.filter(**{f"{related}__isnull": False}).distinct().iterator():
            model.objects.filter(person=person).update(name=person.name, phone=person.phone)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_directory_name_index_and_trigram_search")]

    operations = [
        migrations.AlterField(
            model_name="socialworker",
            name="person",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="social_worker",
                to="organizations.person",
                verbose_name="person",
            ),
        ),
        migrations.AddConstraint(
            model_name="socialworker",
            constraint=models.UniqueConstraint(fields=("person", "employer"), name="social_worker_once_per_employer"),
        ),
        *[
            op
            for model_name in ("socialworker", "volunteer", "employment")
            for op in (
                migrations.AddField(
                    model_name=model_name,
                    name="name",
                    field=models.CharField(default="", max_length=50, verbose_name="name"),
                    preserve_default=False,
                ),
                migrations.AddField(
                    model_name=model_name,
                    name="phone",
                    field=models.CharField(blank=True, max_length=20, verbose_name="phone"),
                ),
            )
        ],
        migrations.RunPython(copy_contact_details, migrations.RunPython.noop),
    ]
