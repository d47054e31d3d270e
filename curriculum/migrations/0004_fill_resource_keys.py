from django.db import migrations


def fill(apps, schema_editor):
    # The normaliser is a pure function; importing it keeps one rule. Should it ever change,
    # a later migration refills the keys the same way.
    from curriculum.resources import resource_key

    Item = apps.get_model("curriculum", "Item")
    batch = []
    for item in Item.objects.exclude(url="").only("pk", "url").iterator(chunk_size=1000):
        item.resource_key = resource_key(item.url)
        batch.append(item)
        if len(batch) == 1000:
            Item.objects.bulk_update(batch, ["resource_key"])
            batch = []
    Item.objects.bulk_update(batch, ["resource_key"])


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0003_item_resource_key")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
