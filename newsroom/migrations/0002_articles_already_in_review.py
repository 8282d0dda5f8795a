from django.db import migrations


def queue_articles_in_review(apps, schema_editor):
    """Articles already pending review when the review queue came: each waits in it, for
    one stage by those who may publish, from when it was last changed."""
    Article = apps.get_model("news", "Article")
    Submission = apps.get_model("newsroom", "Submission")
    Submission.objects.bulk_create(
        Submission(
            article=article,
            submitted_by_id=article.updated_by_id or article.created_by_id,
            submitted_at=article.updated_at,
            stage_groups=[None],
        )
        for article in Article.objects.filter(status="pending").only(
            "updated_by", "created_by", "updated_at"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_newsroom")]

    operations = [migrations.RunPython(queue_articles_in_review, migrations.RunPython.noop)]
