from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("name", models.CharField(max_length=30, primary_key=True, serialize=False)),
                ("version", models.PositiveBigIntegerField(default=1)),
            ],
        ),
    ]
