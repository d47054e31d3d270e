"""Fill the day totals from the sessions logged before they existed (one aggregate per
learner). Checkpoints are not made here: each learner's is made on their next session write
(or by `manage.py journal_totals`); until then the figures read all their day totals."""

from django.db import migrations
from django.db.models import Sum


def fill(apps, schema_editor):
    StudySession = apps.get_model("journal", "StudySession")
    DayTotal = apps.get_model("journal", "DayTotal")
    learners = StudySession.objects.values_list("learner_id", flat=True).distinct().order_by()
    for learner_id in learners.iterator():
        DayTotal.objects.filter(learner_id=learner_id).delete()
        rows = (
            StudySession.objects.filter(learner_id=learner_id)
            .values_list("local_date", "kind")
            .annotate(total=Sum("minutes"))
            .order_by()
        )
        DayTotal.objects.bulk_create(
            [
                DayTotal(learner_id=learner_id, day=day, kind=kind, minutes=total)
                for day, kind, total in rows
            ],
            batch_size=1000,
        )


def empty(apps, schema_editor):
    apps.get_model("journal", "DayTotal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("journal", "0003_day_totals")]

    operations = [migrations.RunPython(fill, empty)]
