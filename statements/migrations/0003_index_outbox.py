"""The outbox of index tasks: written with each change, drained into the search index."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0002_statement_types'),
    ]

    operations = [
        migrations.CreateModel(
            name='IndexTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('statement_id', models.BigIntegerField(verbose_name='statement')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'index task',
                'verbose_name_plural': 'index tasks',
            },
        ),
    ]
